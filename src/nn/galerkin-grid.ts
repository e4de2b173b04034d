/**
 * Gridded fields in and out of a GalerkinTransformer (galerkin-transformer.ts): the tokens of a
 * field on a cell grid, the coordinates of cell centres, decoding on any target grid in chunks of
 * queries, and a training loss on a random subset of a fine grid's points (the decoder needs no
 * more: each query is answered on its own). float32, NHWC, coordinates (y, x) in physical units.
 *
 * Cell-centred throughout, like baselines.bicubic's `align: "cell"`: cell (i, j) of an [h, w] grid
 * over the extent [Ly, Lx] sits at ((i + ½)·Ly/h, (j + ½)·Lx/w), so a block mean over r×r fine cells
 * and its coarse cell share a centre.
 */
import * as tf from "@tensorflow/tfjs";
import { checkInt, checkOneOf, checkPositive, checkTensor, describe, shapeString, type Rng } from "../core";
import type { GalerkinTransformer } from "./galerkin-transformer";

/** Cell centres of an [h, w] grid over [Ly, Lx] → [1, h·w, 2] (y, x), rows in row-major cell order. */
export function gridCoordinates(size: readonly [number, number], extent: readonly [number, number]): tf.Tensor3D {
  const where = "nn.gridCoordinates";
  if (!Array.isArray(size) || size.length !== 2) throw new TypeError(`${where}: size must be [h, w], got ${describe(size)}`);
  if (!Array.isArray(extent) || extent.length !== 2) throw new TypeError(`${where}: extent must be [Ly, Lx], got ${describe(extent)}`);
  const h = checkInt(where, "size[0] (h)", size[0], 1), w = checkInt(where, "size[1] (w)", size[1], 1);
  const ly = checkPositive(where, "extent[0] (Ly)", extent[0]), lx = checkPositive(where, "extent[1] (Lx)", extent[1]);
  const c = new Float32Array(h * w * 2);
  for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) {
    c[(i * w + j) * 2] = ((i + 0.5) * ly) / h;
    c[(i * w + j) * 2 + 1] = ((j + 0.5) * lx) / w;
  }
  return tf.tensor3d(c, [1, h * w, 2]);
}

/** A field x [N, h, w, C] as tokens [N, h·w, C] (row-major cells, matching gridCoordinates). */
export function gridTokens(x: tf.Tensor): tf.Tensor3D {
  checkTensor("nn.gridTokens", "x", x, 4, "[N, h, w, C]");
  const [N, h, w, C] = x.shape;
  return x.reshape([N, h * w, C]);
}

export interface DecodeGridOptions {
  /** Target grid [H, W]. */
  size: readonly [number, number];
  /** Physical extent [Ly, Lx] shared by the token and the target grids. */
  extent: readonly [number, number];
  /** Query features on the target grid [N, H, W, queryFeatures], when the model takes them. */
  features?: tf.Tensor4D;
  /** Query rows (samples × queries) decoded at once (default 16384): bounds the memory of fine grids and large batches. */
  chunk?: number;
}

/**
 * The model's field on a target grid from a field on a token grid: values [N, h, w, inChannels]
 * (tokens at their cell centres) → [N, H, W, outChannels], for evaluation (no gradients are kept).
 * The encoder runs once; the decoder runs over chunks of the target cells (the result does not
 * depend on the chunking).
 */
export function decodeGrid(net: GalerkinTransformer, values: tf.Tensor4D, opts: DecodeGridOptions): tf.Tensor4D {
  const where = "nn.decodeGrid";
  checkTensor(where, "values", values, 4, "[N, h, w, inChannels]");
  const [N, h, w] = values.shape, [H, W] = opts.size, chunk = checkInt(where, "chunk", opts.chunk ?? 16384, 1);
  const queries = gridCoordinates(opts.size, opts.extent), Q = H * W;
  if (opts.features !== undefined) {
    checkTensor(where, "features", opts.features, 4, "[N, H, W, queryFeatures]");
    if (opts.features.shape[0] !== N || opts.features.shape[1] !== H || opts.features.shape[2] !== W) {
      throw new RangeError(`${where}: features ${shapeString(opts.features.shape)} must be [${N}, ${H}, ${W}, queryFeatures]`);
    }
  }
  const latent = tf.tidy(() => net.encode(gridTokens(values), tf.tile(gridCoordinates([h, w], opts.extent), [N, 1, 1])));
  const feats = opts.features === undefined ? undefined : gridTokens(opts.features);
  const step = Math.max(1, Math.floor(chunk / N)), parts: tf.Tensor[] = [];
  for (let s = 0; s < Q; s += step) {
    const n = Math.min(step, Q - s); // each chunk's intermediates are freed before the next
    parts.push(tf.tidy(() => net.decode(latent, tf.tile(queries.slice([0, s, 0], [1, n, 2]), [N, 1, 1]), feats?.slice([0, s, 0], [N, n, -1]))));
  }
  const out = tf.concat(parts, 1).reshape([N, H, W, net.config.outChannels]) as tf.Tensor4D;
  tf.dispose([latent, ...parts]);
  if (feats !== undefined) feats.dispose();
  queries.dispose();
  return out;
}

export interface SampledGridLossOptions {
  /** Physical extent [Ly, Lx] of both grids. */
  extent: readonly [number, number];
  /** Target cells drawn per sample (with replacement). */
  queries: number;
  /** The step's random stream (nn.fit's ctx.rng). */
  rng: Rng;
  /** Query features on the target grid [N, H, W, queryFeatures], when the model takes them. */
  features?: tf.Tensor4D;
  /** Per-cell weights on the target grid [N, H, W, 1] (e.g. 1 on air cells, 0 in buildings); default 1. */
  weight?: tf.Tensor4D;
  /**
   * Periodic shift along y (default 0): the loss is that of every field rolled by `rollRows` target
   * rows, x'[i] = x[(i + rollRows) mod H] (the tokens by rollRows·h/H rows, which must be whole) — a
   * translation augmentation for a domain periodic in y that moves only the drawn cells, not the grids.
   */
  rollRows?: number;
}

/**
 * Weighted mean squared error of the model against `target` [N, H, W, outChannels] at `queries`
 * target cells drawn at random (the same cells for every sample of the batch), from tokens `values`
 * [N, h, w, inChannels]: training at a fine grid's cost of a few thousand points. Differentiable.
 */
export function sampledGridLoss(net: GalerkinTransformer, values: tf.Tensor4D, target: tf.Tensor4D, opts: SampledGridLossOptions): tf.Scalar {
  const where = "nn.sampledGridLoss";
  checkTensor(where, "values", values, 4, "[N, h, w, inChannels]");
  checkTensor(where, "target", target, 4, "[N, H, W, outChannels]");
  const [N, h, w] = values.shape, [, H, W] = target.shape, nq = checkInt(where, "queries", opts.queries, 1);
  const roll = checkInt(where, "rollRows", opts.rollRows ?? 0, 0, H - 1), tokenRoll = (roll * h) / H;
  if (!Number.isInteger(tokenRoll)) throw new RangeError(`${where}: rollRows (${roll}) must move the ${h} token rows by whole rows (a multiple of ${H / h} target rows)`);
  const cells = Int32Array.from({ length: nq }, () => opts.rng.integer(0, H * W));
  const idx = tf.tensor1d(cells, "int32"), src = tf.tensor1d(cells.map((c) => ((Math.floor(c / W) + roll) % H) * W + (c % W)), "int32");
  const pick = (t: tf.Tensor4D) => tf.gather(gridTokens(t), src, 1);
  const rolled = tokenRoll === 0 ? values : tf.concat([values.slice([0, tokenRoll, 0, 0], [-1, -1, -1, -1]), values.slice([0, 0, 0, 0], [-1, tokenRoll, -1, -1])], 1);
  const out = net.apply(gridTokens(rolled), {
    coords: tf.tile(gridCoordinates([h, w], opts.extent), [N, 1, 1]),
    queries: tf.tile(tf.gather(gridCoordinates([H, W], opts.extent), idx, 1), [N, 1, 1]),
    ...(opts.features === undefined ? {} : { queryFeatures: pick(opts.features) }),
  });
  const sq = tf.square(tf.sub(out, pick(target)));
  if (opts.weight === undefined) return tf.mean(sq) as tf.Scalar;
  const wt = pick(opts.weight);
  return tf.div(tf.sum(tf.mul(sq, wt)), tf.mul(tf.maximum(tf.sum(wt), 1e-12), target.shape[3])) as tf.Scalar;
}

/** Edge handling of neighbourhoodChannels, one value or [y, x]. */
export type NeighbourhoodBoundary = "zero" | "clamp" | "periodic";

export interface NeighbourhoodOptions {
  /** Cells between neighbours (default 1): offsets (a − (k−1)/2)·dilation. */
  dilation?: number;
  /** Outside the grid: "zero" (default), "clamp" (the edge cell) or "periodic" (wrap); one value or [y, x]. */
  boundary?: NeighbourhoodBoundary | readonly [NeighbourhoodBoundary, NeighbourhoodBoundary];
}

const BOUNDARIES = ["zero", "clamp", "periodic"] as const;

/**
 * The k×k neighbourhood of every cell as channels: x [N, H, W, C] → [N, H, W, k²·C], channel
 * (a·k + b)·C + c holding x[n, i + (a − (k−1)/2)·d, j + (b − (k−1)/2)·d, c] (d = dilation; odd k),
 * outside the grid 0, the edge cell or the wrapped cell (`boundary`). Per-query features that give a
 * point-wise decoder the geometry around each query; a dilation of r fine cells samples a field
 * interpolated from a ×r coarser grid one coarse cell apart, at every factor alike.
 */
export function neighbourhoodChannels(x: tf.Tensor4D, k: number, options: NeighbourhoodOptions = {}): tf.Tensor4D {
  const where = "nn.neighbourhoodChannels";
  checkTensor(where, "x", x, 4, "[N, H, W, C]");
  checkInt(where, "k", k, 1);
  if (k % 2 !== 1) throw new RangeError(`${where}: k must be odd, got ${k}`);
  const d = checkInt(where, "dilation", options.dilation ?? 1, 1);
  const b = options.boundary ?? "zero", pair = typeof b === "string" ? [b, b] : b;
  if (!Array.isArray(pair) || pair.length !== 2) throw new TypeError(`${where}: boundary must be one of ${BOUNDARIES.join(", ")} or a pair [y, x], got ${describe(b)}`);
  const [by, bx] = [checkOneOf(where, "boundary[0] (y)", pair[0], BOUNDARIES), checkOneOf(where, "boundary[1] (x)", pair[1], BOUNDARIES)];
  const [, H, W] = x.shape, h = (k - 1) / 2;
  /** Source index of each target index at offset o along an axis of n cells, and whether it is inside. */
  const axis = (n: number, o: number, mode: NeighbourhoodBoundary) => {
    const idx = new Int32Array(n), inside = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const s = i + o;
      inside[i] = mode !== "zero" || (s >= 0 && s < n) ? 1 : 0;
      idx[i] = mode === "periodic" ? ((s % n) + n) % n : Math.min(n - 1, Math.max(0, s));
    }
    return { idx: tf.tensor1d(idx, "int32"), inside: inside };
  };
  return tf.tidy(() => {
    const parts: tf.Tensor[] = [];
    for (let a = -h; a <= h; a++) {
      const ay = axis(H, a * d, by), rows = tf.gather(x, ay.idx, 1);
      for (let c = -h; c <= h; c++) {
        const ax = axis(W, c * d, bx), shifted = tf.gather(rows, ax.idx, 2);
        const inside = ay.inside.some((v) => v === 0) || ax.inside.some((v) => v === 0)
          ? tf.mul(tf.tensor4d(ay.inside, [1, H, 1, 1]), tf.tensor4d(ax.inside, [1, 1, W, 1])) : undefined;
        parts.push(inside === undefined ? shifted : tf.mul(shifted, inside));
      }
    }
    return tf.concat(parts, 3) as tf.Tensor4D;
  });
}
