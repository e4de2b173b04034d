/**
 * Bicubic interpolation of fields between grids — the control every super-resolution claim must
 * beat. Keys' cubic convolution with a = −0.5 (MATLAB's imresize and Pillow; PyTorch and OpenCV
 * use −0.75): third-order accurate, it reproduces quadratics exactly. Separable, applied as two matrix products with precomputed weights, so it is exact, batched and
 * differentiable like any tfjs op.
 *
 * Where the samples sit, per axis:
 * - `align: "cell"` — values are cell averages/centres, coordinate (i + ½)·Δ; a factor-f upsampling
 *   of n cells gives f·n cells covering the same interval (PyTorch's align_corners = false).
 * - `align: "node"` — values are grid nodes. With `boundary: "periodic"` node i sits at i·Δ and the
 *   last node wraps to the first (n → m nodes on one period); with `boundary: "clamp"` the first and
 *   last nodes are the interval's ends (n → m nodes with both ends shared, align_corners = true), as on
 *   a channel grid with walls.
 * - `boundary: "periodic"` wraps stencil indices; `"clamp"` repeats the edge value.
 */
import * as tf from "@tensorflow/tfjs";
import { checkInt, checkOneOf } from "../core/checks";
import { checkTensor } from "../core/validate";

export type Boundary = "periodic" | "clamp";
export type Alignment = "cell" | "node";
type PerAxis<T> = T | readonly [T, T];

export interface BicubicOptions {
  /** Integer upsampling factor for both axes; give this or `size`. */
  factor?: number;
  /** Output grid [H, W]; give this or `factor`. */
  size?: readonly [number, number];
  /** Edge handling, one value or [y, x]. Default "periodic". */
  boundary?: PerAxis<Boundary>;
  /** Sample positions, one value or [y, x]. Default "cell". */
  align?: PerAxis<Alignment>;
}

const WHERE = "baselines.bicubic";

/** Keys' cubic convolution kernel with a = −0.5 at offset t (in source cells). */
function keys(t: number): number {
  const a = -0.5, s = Math.abs(t);
  if (s <= 1) return ((a + 2) * s - (a + 3)) * s * s + 1;
  if (s < 2) return ((s - 5) * s + 8) * s * a - 4 * a;
  return 0;
}

/**
 * The [m, n] matrix mapping n source samples to m target samples along one axis (float64,
 * row-major): row i holds the four Keys weights of target i at its source coordinate.
 */
export function bicubicWeights(n: number, m: number, boundary: Boundary = "periodic", align: Alignment = "cell"): Float64Array {
  checkInt("baselines.bicubicWeights", "n (source samples)", n, 1);
  checkInt("baselines.bicubicWeights", "m (target samples)", m, 1);
  checkOneOf("baselines.bicubicWeights", "boundary", boundary, ["periodic", "clamp"] as const);
  checkOneOf("baselines.bicubicWeights", "align", align, ["cell", "node"] as const);
  const w = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const s = align === "cell" ? ((i + 0.5) * n) / m - 0.5 : boundary === "periodic" ? (i * n) / m : m === 1 ? 0 : (i * (n - 1)) / (m - 1);
    const base = Math.floor(s);
    for (let k = base - 1; k <= base + 2; k++) {
      const j = boundary === "periodic" ? ((k % n) + n) % n : Math.min(n - 1, Math.max(0, k));
      w[i * n + j] += keys(s - k);
    }
  }
  return w;
}

function pair<T extends string>(name: string, v: PerAxis<T> | undefined, fallback: T, allowed: readonly T[]): [T, T] {
  const both = v === undefined ? [fallback, fallback] : typeof v === "string" ? [v, v] : v;
  if (!Array.isArray(both) || both.length !== 2) throw new TypeError(`${WHERE}: ${name} must be one of ${allowed.join(", ")} or a pair [y, x] of them, got ${JSON.stringify(v)}`);
  return [checkOneOf(WHERE, `${name}[0] (y)`, both[0], allowed), checkOneOf(WHERE, `${name}[1] (x)`, both[1], allowed)];
}

/**
 * Bicubic interpolation of fields x [N, h, w, C] to [N, H, W, C] (float32), with H, W = factor·h,
 * factor·w or `size`. Downsampling is allowed but does not low-pass filter first.
 */
export function bicubic(x: tf.Tensor4D, options: BicubicOptions): tf.Tensor4D {
  checkTensor(WHERE, "x", x, 4, "[batch, height, width, channels]");
  if (options === null || typeof options !== "object") throw new TypeError(`${WHERE}: options must be an object with factor or size, got ${String(options)}`);
  const [N, h, w, C] = x.shape;
  if ((options.factor === undefined) === (options.size === undefined)) throw new TypeError(`${WHERE}: give exactly one of factor (an integer ≥ 1) and size ([H, W])`);
  let H: number, W: number;
  if (options.factor !== undefined) {
    const f = checkInt(WHERE, "factor", options.factor, 1);
    [H, W] = [f * h, f * w];
  } else {
    if (!Array.isArray(options.size) || options.size.length !== 2) throw new TypeError(`${WHERE}: size must be [H, W], got ${JSON.stringify(options.size)}`);
    H = checkInt(WHERE, "size[0] (H)", options.size[0], 1);
    W = checkInt(WHERE, "size[1] (W)", options.size[1], 1);
  }
  const [by, bx] = pair("boundary", options.boundary, "periodic", ["periodic", "clamp"] as const);
  const [ay, ax] = pair("align", options.align, "cell", ["cell", "node"] as const);
  const wy = Float32Array.from(bicubicWeights(h, H, by, ay)), wx = Float32Array.from(bicubicWeights(w, W, bx, ax));
  return tf.tidy(() => {
    // rows: [h, N·w·C] → [H, N·w·C]; columns: [w, N·H·C] → [W, N·H·C]
    const rows = tf.matMul(tf.tensor2d(wy, [H, h]), tf.transpose(x, [1, 0, 2, 3]).reshape([h, N * w * C]));
    const cols = tf.transpose(rows.reshape([H, N, w, C]), [2, 1, 0, 3]).reshape([w, N * H * C]);
    const out = tf.matMul(tf.tensor2d(wx, [W, w]), cols).reshape([W, N, H, C]);
    return tf.transpose(out, [1, 2, 0, 3]) as tf.Tensor4D;
  });
}
