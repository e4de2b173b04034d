/**
 * Periodic padding of NHWC fields, as one kernel of Kazami's own with a registered gradient.
 *
 * Written with slices and a concat (per padded axis: two Slices and a Concat forward; a SplitV, Pads
 * and Adds backward), a 1×5 circular convolution on a ring of 40 sites spends a quarter of its
 * training step in those small kernels on tfjs-wasm. Here each padded axis is one host kernel
 * (host-kernel.ts) forward, a block copy, and two backward, the centre and the wrapped copies of the
 * gradient; rows first and then columns as in the slice form. The values are the same bits as that
 * form: the pad only moves values, and while a pad is at most half its axis a cell has one wrapped
 * copy, whose gradient reaches the cell in the same order as the slice form's (ensureGradients).
 * Wider pads (two wrapped copies of a cell) keep the slice form.
 */
import * as tf from "@tensorflow/tfjs";
import { runHostKernel, type HostKernel } from "./host-kernel";

const PAD = "KazamiCircularPad", CENTRE = "KazamiCircularPadCentre", WRAPPED = "KazamiCircularPadWrapped";

/** Attributes of both kernels: the axis wrapped (1 rows, 2 columns) and the cells p added on each side. */
interface PadAttrs {
  axis: 1 | 2;
  p: number;
}

/** A field [B, H, W, C] seen as [outer, n, inner] around the wrapped axis. */
function around(shape: readonly number[], axis: 1 | 2): [number, number, number] {
  const [B, H, W, C] = shape;
  return axis === 1 ? [B, H, W * C] : [B * H, W, C];
}

/** [outer, n, inner] → y [outer, n + 2p, inner]: each block of n rows with its last p before and first p after it. */
function pad(x: Float32Array, y: Float32Array, [outer, n, inner]: [number, number, number], p: number): void {
  const row = n * inner, edge = p * inner;
  for (let o = 0, i = 0, j = 0; o < outer; o++, i += row, j += row + 2 * edge) {
    y.set(x.subarray(i + row - edge, i + row), j);
    y.set(x.subarray(i, i + row), j + edge);
    y.set(x.subarray(i, i + edge), j + edge + row);
  }
}

/** dy [outer, n + 2p, inner] → [outer, n, inner]: the centre, each cell's own copy. */
function centre(dy: Float32Array, dx: Float32Array, [outer, n, inner]: [number, number, number], p: number): void {
  const row = n * inner, edge = p * inner;
  for (let o = 0, i = 0, j = 0; o < outer; o++, i += row, j += row + 2 * edge) dx.set(dy.subarray(j + edge, j + edge + row), i);
}

/** dy [outer, n + 2p, inner] → [outer, n, inner]: each cell's wrapped copy (the first p from after the centre, the last p from before it), 0 elsewhere. */
function wrapped(dy: Float32Array, dx: Float32Array, [outer, n, inner]: [number, number, number], p: number): void {
  const row = n * inner, edge = p * inner;
  for (let o = 0, i = 0, j = 0; o < outer; o++, i += row, j += row + 2 * edge) {
    dx.fill(0, i + edge, i + row - edge);
    dx.set(dy.subarray(j + edge + row, j + 2 * edge + row), i);
    dx.set(dy.subarray(j, j + edge), i + row - edge);
  }
}

/** The shape after adding (sign 1) or removing (sign −1) p cells on each side of the axis. */
const resized = (shape: readonly number[], attrs: tf.NamedAttrMap, sign: 1 | -1) => {
  const { axis, p } = attrs as unknown as PadAttrs, out = shape.slice();
  out[axis] += 2 * sign * p;
  return out;
};

/** A kernel from the padded field back to the field: [outer, n + 2p, inner] → [outer, n, inner]. */
const back = (fill: typeof centre): HostKernel => ({
  outShape: (shape, attrs) => resized(shape, attrs, -1),
  fill: (dy, dx, shape, attrs) => { const { axis, p } = attrs as unknown as PadAttrs; fill(dy, dx, around(resized(shape, attrs, -1), axis), p); },
});

/** The pad kernel: [B, H, W, C] → [B, H+2p, W, C] (axis 1) or [B, H, W+2p, C] (axis 2). */
const padKernel: HostKernel = {
  outShape: (shape, attrs) => resized(shape, attrs, 1),
  fill: (x, y, shape, attrs) => { const { axis, p } = attrs as unknown as PadAttrs; pad(x, y, around(shape, axis), p); },
};
const centreKernel = back(centre), wrappedKernel = back(wrapped);

const hostAttrs = (a: PadAttrs) => ({ axis: a.axis, p: a.p });
/** The pad reads x twice, as its centre and as the source of its wrapped cells (see ensureGradients). */
const runPad = (x: tf.Tensor, a: PadAttrs) => runHostKernel(PAD, padKernel, x, hostAttrs(a), ["wrapSource"]);

let gradientsRegistered = false;

/**
 * Registers the gradients once. The pad's gradient is two terms, the centre of dy and the wrapped
 * copies, which tfjs adds to x's other gradients in that order — the order in which the slice form's
 * Concat and then its Slices deliver theirs, so that a cell's gradient is the same three-term sum
 * (the bits do not change where x feeds other ops too, e.g. a residual path). The two back kernels'
 * own gradients (second derivatives only) are written with plain tfjs ops.
 */
function ensureGradients(): void {
  if (gradientsRegistered) return;
  const attrsOf = (a: tf.NamedAttrMap) => a as unknown as PadAttrs;
  tf.registerGradient({ kernelName: PAD, gradFunc: (dy, _saved, a) => ({
    x: () => runHostKernel(CENTRE, centreKernel, dy as tf.Tensor, hostAttrs(attrsOf(a))),
    wrapSource: () => runHostKernel(WRAPPED, wrappedKernel, dy as tf.Tensor, hostAttrs(attrsOf(a))),
  }) });
  tf.registerGradient({ kernelName: CENTRE, gradFunc: (dy, _saved, a) => ({ x: () => {
    const { axis, p } = attrsOf(a), pads: [number, number][] = [[0, 0], [0, 0], [0, 0], [0, 0]];
    pads[axis] = [p, p];
    return tf.pad(dy as tf.Tensor, pads);
  } }) });
  tf.registerGradient({ kernelName: WRAPPED, gradFunc: (dy, _saved, a) => ({ x: () => {
    const { axis, p } = attrsOf(a), d = dy as tf.Tensor4D, n = d.shape[axis], size: [number, number, number, number] = [-1, -1, -1, -1];
    const part = (from: number) => { const begin: [number, number, number, number] = [0, 0, 0, 0]; begin[axis] = from; size[axis] = p; return d.slice(begin, size); };
    const middle = d.shape.slice() as [number, number, number, number];
    middle[axis] = n;
    return tf.concat([part(n - p), tf.zeros(middle), part(0)], axis);
  } }) });
  gradientsRegistered = true;
}

/** The slice form: two Slices and a Concat per padded axis (for wide pads; exported for the tests' comparison). */
export function slicePad(x: tf.Tensor4D, ph: number, pw: number): tf.Tensor4D {
  const [, H, W] = x.shape;
  let y = x;
  if (ph > 0) y = tf.concat([y.slice([0, H - ph, 0, 0], [-1, ph, -1, -1]), y, y.slice([0, 0, 0, 0], [-1, ph, -1, -1])], 1);
  if (pw > 0) y = tf.concat([y.slice([0, 0, W - pw, 0], [-1, -1, pw, -1]), y, y.slice([0, 0, 0, 0], [-1, -1, pw, -1])], 2);
  return y;
}

/**
 * x [B, H, W, C] (float32) wrapped periodically by ph rows and pw columns on each side →
 * [B, H+2ph, W+2pw, C]; differentiable (the gradient adds the wrapped copies back), twice too.
 * Integers 0 ≤ ph ≤ H and 0 ≤ pw ≤ W.
 */
export function circularPad(x: tf.Tensor4D, ph: number, pw: number): tf.Tensor4D {
  if (!(x instanceof tf.Tensor) || x.rank !== 4 || x.dtype !== "float32") throw new TypeError(`circularPad: x must be a rank 4 float32 tensor [batch, height, width, channels], got ${x instanceof tf.Tensor ? `${x.dtype} [${x.shape.join(",")}]` : typeof x}`);
  const [, H, W] = x.shape;
  if (!Number.isInteger(ph) || !Number.isInteger(pw) || ph < 0 || pw < 0) throw new RangeError(`circularPad: pads must be integers ≥ 0, got ${ph} and ${pw}`);
  if (ph > H || pw > W) throw new RangeError(`circularPad: cannot wrap ${ph}x${pw} cells around a ${H}x${W} grid`);
  if (2 * ph > H || 2 * pw > W) return slicePad(x, ph, pw);
  ensureGradients();
  return tf.tidy(() => {
    const rows = ph > 0 ? runPad(x, { axis: 1, p: ph }) : x;
    return (pw > 0 ? runPad(rows, { axis: 2, p: pw }) : rows) as tf.Tensor4D;
  });
}
