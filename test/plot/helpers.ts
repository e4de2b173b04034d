// Shared by the plot tests: Vega-Lite v5 JSON-schema validation (ajv) and a render check.
import * as path from "path";
import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import { expect } from "vitest";
import { Spec, render, pngSize } from "../../src/plot";

let validator: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  if (validator === undefined) {
    const schema = require(path.resolve(__dirname, "../../node_modules/vega-lite/build/vega-lite-schema.json"));
    validator = new Ajv({ allowUnionTypes: true, strict: false, validateFormats: false }).compile(schema);
  }
  return validator;
}

/** The schema errors of a spec (the deepest few, which name the offending property), or [] if valid. */
export function schemaErrors(spec: Spec): string[] {
  const v = schemaValidator();
  if (v(spec)) return [];
  const errors = [...(v.errors ?? [])] as ErrorObject[];
  errors.sort((a, b) => b.instancePath.length - a.instancePath.length);
  return errors.slice(0, 5).map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
}

/** Asserts the spec is valid Vega-Lite v5, renders without warnings, and gives a sensible PNG. */
export function expectValidAndRenders(spec: Spec, minSize = { width: 100, height: 80 }): ReturnType<typeof render> {
  expect(schemaErrors(spec)).toEqual([]);
  const r = render(spec);
  expect(r.warnings).toEqual([]);
  expect(r.svg.startsWith("<svg")).toBe(true);
  expect(r.png).toBeDefined();
  const size = pngSize(r.png!);
  expect(size).toBeDefined();
  expect(size!.width).toBeGreaterThanOrEqual(minSize.width);
  expect(size!.height).toBeGreaterThanOrEqual(minSize.height);
  expect(size!.width).toBeLessThan(4000);
  expect(size!.height).toBeLessThan(4000);
  return r;
}

/** Every node of a spec tree (the spec itself, its layers and concat parts, recursively). */
export function specNodes(spec: Spec): Spec[] {
  const out: Spec[] = [spec];
  for (const key of ["layer", "hconcat", "vconcat", "concat"]) {
    const parts = spec[key];
    if (Array.isArray(parts)) for (const p of parts) out.push(...specNodes(p as Spec));
  }
  return out;
}

/** The colour scale objects used in a spec tree. */
export function colorScales(spec: Spec): Array<Record<string, unknown>> {
  return specNodes(spec)
    .map((n) => ((n.encoding as Record<string, { scale?: Record<string, unknown> }> | undefined)?.color?.scale))
    .filter((s): s is Record<string, unknown> => s !== undefined);
}

/** Test field: a smooth pattern sin(2πi·a/nx)·cos(2πj/ny) + offset, row-major [ny, nx]. */
export function pattern(ny: number, nx: number, offset = 0): Float64Array {
  const v = new Float64Array(ny * nx);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) v[j * nx + i] = Math.sin((2 * Math.PI * 2 * i) / nx) * Math.cos((2 * Math.PI * j) / ny) + offset;
  return v;
}

/** Decodes a PNG written by our encoder (8-bit RGBA, filter 0) from a data URL: { width, height, rgba }. */
export function decodeDataUrlPng(url: string): { width: number; height: number; rgba: Uint8Array } {
  const { inflateSync } = require("zlib") as typeof import("zlib");
  const bytes = Buffer.from(url.replace(/^data:image\/png;base64,/, ""), "base64");
  const size = pngSize(bytes);
  if (size === undefined) throw new Error("not a PNG");
  const idat: Buffer[] = [];
  for (let p = 8; p < bytes.length; ) {
    const len = bytes.readUInt32BE(p);
    const type = bytes.toString("ascii", p + 4, p + 8);
    if (type === "IDAT") idat.push(bytes.subarray(p + 8, p + 8 + len));
    p += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = size.width * 4;
  const rgba = new Uint8Array(stride * size.height);
  for (let r = 0; r < size.height; r++) {
    if (raw[r * (stride + 1)] !== 0) throw new Error("unexpected PNG filter");
    rgba.set(raw.subarray(r * (stride + 1) + 1, (r + 1) * (stride + 1)), r * stride);
  }
  return { ...size, rgba };
}
