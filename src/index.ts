/**
 * Kazami: the cell library imported by notebooks (`import { sim, plot } from "kazami"`).
 *
 * One namespace per concern, in the order data flows (see DESIGN.md):
 * core → sim → data → nn → samplers → sensitivity → plot → notebook.
 */
export * as core from "./core";
export * as sim from "./sim";
export * as data from "./data";
export * as nn from "./nn";
export * as samplers from "./samplers";
export * as sensitivity from "./sensitivity";
export * as assimilation from "./assimilation";
export * as baselines from "./baselines";
export * as dynamics from "./dynamics";
export * as info from "./info";
export * as plot from "./plot";
export * as notebook from "./notebook";
export { version } from "./version";
