/**
 * The filter gradient of a stride-1 convolution (NHWC), dW[i, j, ci, co] = Σ_{b,h,w}
 * x[b, h+i−ph, w+j−pw, ci] · g[b, h, w, co] (zero outside x), in two forms with the same values:
 *
 * - conv form (differentiable): ONE forward conv of x as [Ci, H, W, B] with g as the filter
 *   [Ho, Wo, B, Co] (the padding done by the conv). XNNPACK runs it as an IGEMM whose taps are the
 *   Ho·Wo output pixels and whose channels are the batch — few channels per tap, so it runs at a
 *   fraction of a forward convolution's rate when the batch is small.
 * - matrix form (wasm, no gradient tape recording): the same sums as one GEMM, A · G with
 *   A [kh·kw·Ci, Ho·Wo·B] the columns of x in the conv form's tap order (a host kernel: contiguous
 *   runs of x as [Ci, H, W, B], zeros in the padding) and G = g as [Ho·Wo·B, Co].
 *
 * Both forms are the same float32 sums in the same order — XNNPACK's GEMM and IGEMM accumulate over
 * their inner axis (h, w, b) sequentially, one unfused multiply and add per term, zeros included —
 * so the matrix form is bit-identical to the conv form (test/core/conv-filter-gradient.test.ts).
 * It is chosen where it was measured faster (see `defaultForm`); the conv form remains for other
 * backends and for higher-order gradients (the host kernel has no gradient of its own).
 */
import * as tf from "@tensorflow/tfjs";
import { runHostKernel, untapedOnWasm, type HostKernel } from "./host-kernel";
import { matMul } from "./matmul";

/** Geometry of a filter gradient: kernel size, padding and output grid. */
interface Geometry {
  kh: number;
  kw: number;
  ph: number;
  pw: number;
  ho: number;
  wo: number;
}

const IM2COL = "KazamiFilterColumns";

/**
 * A [rows = kh·kw·Ci, Ho·Wo·B], row (i·kw + j)·Ci + ci, column (h·Wo + w)·B + b, from
 * xT [Ci, H, W, B]: A = xT[ci, h+i−ph, w+j−pw, b], 0 where that falls outside the grid.
 */
const columns: HostKernel = {
  outShape: (shape, a) => [a.rows as number, (a.ho as number) * (a.wo as number) * shape[3]],
  fill: (xT, out, [ci, height, width, batch], a) => {
    const { kw, ph, pw, ho, wo, rows } = a as unknown as Geometry & { rows: number };
    const segment = wo * batch;
    for (let r = 0; r < rows; r++) {
      const c = r % ci, ij = (r - c) / ci, j = ij % kw, i = (ij - j) / kw;
      // output columns w whose input column w + j − pw lies inside [0, width)
      const w0 = Math.max(0, pw - j), w1 = Math.min(wo, width + pw - j);
      let o = r * ho * segment;
      for (let h = 0; h < ho; h++, o += segment) {
        const hh = h + i - ph;
        if (hh < 0 || hh >= height || w1 <= w0) {
          out.fill(0, o, o + segment);
          continue;
        }
        if (w0 > 0) out.fill(0, o, o + w0 * batch);
        const from = ((c * height + hh) * width + (w0 + j - pw)) * batch;
        out.set(xT.subarray(from, from + (w1 - w0) * batch), o + w0 * batch);
        if (w1 < wo) out.fill(0, o + w1 * batch, o + segment);
      }
    }
  },
};

/** Largest A the default form builds, in elements (64 MB). */
const MAX_COLUMNS = 16 * 1024 * 1024;

/** The two forms (see the module comment). */
export type FilterGradientForm = "conv" | "matrix";

/**
 * The form that runs by default: the matrix form on wasm with no gradient tape recording, where it
 * was measured faster than the conv form (bench/README.md, "conv2d's filter gradient as one GEMM":
 * a grid of batch 2–32, 16²–128² points, 8–64 channels, 3×3 and 5×5 kernels, one thread): kernels
 * of at most 9 taps, at least 16 channels in and out, at least 1024 output points, and an A of at
 * most MAX_COLUMNS elements. There it took 0.71–1.05 of the conv form's time; outside it (8
 * channels, 5×5 kernels) up to 1.6 times, and 1.16 with an A of 38M elements.
 */
function defaultForm(taps: number, ci: number, co: number, points: number, size: number): FilterGradientForm {
  const fast = taps <= 9 && Math.min(ci, co) >= 16 && points >= 1024 && size <= MAX_COLUMNS;
  return fast && untapedOnWasm() ? "matrix" : "conv";
}

/**
 * dW [kh, kw, Ci, Co] of a stride-1 convolution from its input x [B, H, W, Ci] and the gradient at
 * its output g [B, Ho, Wo, Co]; padding 'same' ((k−1)/2 zeros each side) or 'valid'. Callers
 * validate shapes. `form` forces one form (tests); the matrix form is not differentiable.
 */
export function filterGradient(x: tf.Tensor4D, g: tf.Tensor4D, kh: number, kw: number, padding: "same" | "valid", form?: FilterGradientForm): tf.Tensor4D {
  const ph = padding === "same" ? (kh - 1) / 2 : 0, pw = padding === "same" ? (kw - 1) / 2 : 0;
  const [batch, , , ci] = x.shape, [, ho, wo, co] = g.shape;
  const input = tf.transpose(x, [3, 1, 2, 0]) as tf.Tensor4D; // [Ci, H, W, B]
  const kernel = tf.transpose(g, [1, 2, 0, 3]) as tf.Tensor4D; // [Ho, Wo, B, Co]
  const rows = kh * kw * ci, cols = ho * wo * batch;
  if ((form ?? defaultForm(kh * kw, ci, co, ho * wo, rows * cols)) === "matrix") {
    const attrs = { kh, kw, ph, pw, ho, wo, rows };
    const a = runHostKernel(IM2COL, columns, input, attrs) as tf.Tensor2D;
    return matMul(a, kernel.reshape([cols, co]) as tf.Tensor2D).reshape([kh, kw, ci, co]) as tf.Tensor4D;
  }
  const pad: "valid" | tf.backend_util.ExplicitPadding = ph + pw > 0 ? [[0, 0], [ph, ph], [pw, pw], [0, 0]] : "valid";
  const dw = tf.conv2d(input, kernel, 1, pad); // [Ci, kh, kw, Co]
  return tf.transpose(dw, [1, 2, 0, 3]);
}
