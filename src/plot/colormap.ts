/**
 * Colour scales shared by the field builders: scheme names (Vega's continuous schemes, e.g.
 * "viridis", "magma", "blues", "redblue"), the colour domain of a field (symmetric about 0 for
 * signed fields), the Vega-Lite `scale` object, and a 256-entry RGBA lookup table made from the same
 * Vega interpolator, so that raster layers and rect marks show identical colours.
 */
import * as vega from "vega";

/** Default scheme for fields of one sign. */
export const SEQUENTIAL_SCHEME = "viridis";
/** Default scheme for signed fields: red = positive, blue = negative (Vega "redblue", reversed). */
export const DIVERGING_SCHEME = "redblue";

/** A resolved colour scale: scheme, direction and domain. */
export interface ColorScale {
  scheme: string;
  /** True when the scheme is read from its end to its start. */
  reverse: boolean;
  domain: [number, number];
  /** True when the domain is [−m, m]. */
  symmetric: boolean;
}

/** Options that choose a colour scale. */
export interface ColorOptions {
  /** A Vega continuous scheme name; default "viridis", or reversed "redblue" for signed fields. */
  colormap?: string;
  /** Reverse the scheme; default false (true for the default diverging scheme). */
  reverseColormap?: boolean;
  /** Symmetric domain [−m, m], m = max |value|; default: true when values of both signs occur. */
  symmetric?: boolean;
  /** Explicit domain [lo, hi] (overrides `symmetric`). */
  domain?: readonly [number, number];
}

type Interpolator = (t: number) => string;

/** The Vega interpolator of a continuous scheme, or a RangeError naming some valid schemes. */
export function schemeInterpolator(who: string, name: string): Interpolator {
  const s: unknown = typeof name === "string" ? vega.scheme(name) : undefined;
  if (typeof s !== "function") {
    throw new RangeError(
      `${who}: colormap must be a Vega continuous scheme (e.g. "viridis", "magma", "inferno", "plasma", "blues", ` +
        `"greys", "redblue", "blueorange", "purpleorange", "spectral"), got ${JSON.stringify(name)}`,
    );
  }
  return s as Interpolator;
}

/** Min and max of the finite values not under the mask; undefined when there are none. */
export function finiteRange(values: ArrayLike<number>, mask?: Uint8Array): [number, number] | undefined {
  let lo = Infinity, hi = -Infinity;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if ((mask !== undefined && mask[k] !== 0) || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}

function checkDomain(who: string, d: readonly [number, number]): [number, number] {
  if (!Array.isArray(d) || d.length !== 2 || !d.every((v) => typeof v === "number" && Number.isFinite(v)) || !(d[0] < d[1])) {
    throw new RangeError(`${who}: domain must be [lo, hi] with finite lo < hi, got ${JSON.stringify(d)}`);
  }
  return [d[0], d[1]];
}

/**
 * Resolves the colour scale of data whose finite range is `range` (from `finiteRange`, possibly
 * merged over several panels). A constant field gets a unit-wide domain around its value.
 */
export function colorScale(who: string, range: [number, number] | undefined, o: ColorOptions = {}): ColorScale {
  if (range === undefined && o.domain === undefined) {
    throw new RangeError(`${who}: the field has no finite values outside the mask, nothing to colour`);
  }
  const [lo, hi] = range ?? [0, 0];
  const symmetric = o.domain === undefined && (o.symmetric ?? (lo < 0 && hi > 0));
  let domain: [number, number];
  if (o.domain !== undefined) domain = checkDomain(who, o.domain);
  else if (symmetric) {
    const m = Math.max(Math.abs(lo), Math.abs(hi));
    domain = m > 0 ? [-m, m] : [-1, 1];
  } else domain = lo < hi ? [lo, hi] : [lo - 0.5, hi + 0.5];
  const scheme = o.colormap ?? (symmetric ? DIVERGING_SCHEME : SEQUENTIAL_SCHEME);
  schemeInterpolator(who, scheme);
  const reverse = o.reverseColormap ?? (o.colormap === undefined && symmetric);
  return { scheme, reverse, domain, symmetric };
}

/** The Vega-Lite `scale` of a colour scale. */
export function vlColorScale(c: ColorScale): Record<string, unknown> {
  return { scheme: c.scheme, domain: [...c.domain], ...(c.reverse ? { reverse: true } : {}), clamp: true, nice: false, zero: false };
}

function parseColor(s: string): [number, number, number] {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(s);
  if (hex) return [parseInt(hex[1], 16), parseInt(hex[2], 16), parseInt(hex[3], 16)];
  const rgb = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)/i.exec(s);
  if (rgb) return [Math.round(+rgb[1]), Math.round(+rgb[2]), Math.round(+rgb[3])];
  throw new Error(`colormap: cannot parse the colour ${JSON.stringify(s)} produced by the scheme`);
}

/** Number of entries of a lookup table. */
export const LUT_SIZE = 256;

/** RGB lookup table, `LUT_SIZE`·3 bytes: entry q is the colour at t = q / (LUT_SIZE − 1). */
export function colorLut(c: ColorScale): Uint8Array {
  const f = schemeInterpolator("colorLut", c.scheme);
  const lut = new Uint8Array(LUT_SIZE * 3);
  for (let q = 0; q < LUT_SIZE; q++) {
    const t = q / (LUT_SIZE - 1);
    lut.set(parseColor(f(c.reverse ? 1 - t : t)), 3 * q);
  }
  return lut;
}

/** Parses a CSS colour given as "#rrggbb" or "rgb(r, g, b)" (used for mask colours). */
export function rgbOf(who: string, s: string): [number, number, number] {
  try {
    return parseColor(s);
  } catch {
    throw new RangeError(`${who}: colour must be "#rrggbb" or "rgb(r, g, b)", got ${JSON.stringify(s)}`);
  }
}
