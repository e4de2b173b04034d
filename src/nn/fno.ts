/**
 * Fourier neural operator (Li et al. 2020, arXiv:2010.08895, §4 and Fig. 2), with neuraloperator's
 * API: `new FNO({ nModes, inChannels, outChannels, hiddenChannels, nLayers })`, 1D or 2D by
 * nModes.length.
 *
 *   v0 = P(a(x), x)                                   lifting: point-wise linear to hiddenChannels
 *   v_{l+1} = σ( K_l(v_l) + W_l v_l + b_l )           nLayers Fourier layers (no σ after the last)
 *   u = Q(v_L)                                        projection: linear → σ → linear
 *
 * P, W_l and Q are Linear layers (point-wise on the grid). K_l is injected, as in neuraloperator:
 * `spectralConv` names a registered module class (default "SpectralConv", layers/spectral-conv.ts)
 * that the FNO builds with `{ inChannels, outChannels, nModes, seed }` and applies to
 * [batch, ...grid, hiddenChannels] — so a variant (e.g. a factorised or a local spectral
 * convolution) is a new class registered with nn.registerModel, not a flag here.
 * `positionalEmbedding` appends channels that locate each grid point in the unit domain:
 * - "linear" (default, as Li et al. and neuraloperator's GridEmbedding): x_i = i/N per axis (not
 *   Li's linspace(0, 1, N), so the same physical point has the same value on every grid). On a
 *   periodic domain this is a sawtooth whose spectrum is not band-limited: its kept modes differ
 *   slightly between grids, a source of resolution dependence.
 * - "periodic": sin 2πx_i and cos 2πx_i per axis, band-limited (one mode), exactly the same
 *   function on every grid — the choice for periodic problems.
 * - "none": no coordinates; the operator is then equivariant to grid translations.
 *
 * Layouts (NHWC, float32): 1D x [batch, n, inChannels] → [batch, n, outChannels];
 * 2D x [batch, height, width, inChannels] → [batch, height, width, outChannels]. Resolution
 * independent by construction: the same weights run on any grid with at least 2·nModes points per
 * axis; coarser grids are refused.
 */
import * as tf from "@tensorflow/tfjs";
import { addRows, checkChannels, checkInt, checkObject, checkOneOf, checkTensor, dense, describe, matMul } from "../core";
import { activate, checkActivation, type Activation } from "./activations";
import { Linear } from "./layers/linear";
import { checkModes } from "./layers/spectral-conv";
import { checkSeed, childSeed } from "./layers/seeds";
import { Module } from "./module";
import { fromConfig } from "./registry";

export interface FNOConfig {
  /** Modes kept per axis: [m] (1D) or [mHeight, mWidth] (2D); see SpectralConv for which. */
  nModes: number[];
  inChannels: number;
  outChannels: number;
  /** Width of the Fourier layers. */
  hiddenChannels: number;
  /** Number of Fourier layers (default 4). */
  nLayers?: number;
  /** Hidden width of the projection (default 128, Li et al.'s fc1). */
  projectionChannels?: number;
  /** Activation σ (default "gelu", the sigmoid approximation; see activations.ts). */
  activation?: Activation;
  /** Coordinate channels appended to the input (default "linear"; see above). */
  positionalEmbedding?: PositionalEmbedding;
  /** Registered class of the spectral convolution K_l (default "SpectralConv"). */
  spectralConv?: string;
  /** Initialisation seed (default 0). */
  seed?: number;
}

export const POSITIONAL_EMBEDDINGS = ["linear", "periodic", "none"] as const;
export type PositionalEmbedding = (typeof POSITIONAL_EMBEDDINGS)[number];

export class FNO extends Module<Required<FNOConfig>> {
  readonly className = "FNO";
  private readonly lifting: Linear;
  private readonly blocks: { spectral: Module; skip: Linear }[] = [];
  private readonly projection: [Linear, Linear];
  private readonly coordinates = new Map<string, tf.Tensor>();

  constructor(config: FNOConfig) {
    const where = "FNO";
    checkObject(where, "config", config);
    checkModes(where, config.nModes);
    if (config.spectralConv !== undefined && (typeof config.spectralConv !== "string" || config.spectralConv.length === 0)) {
      throw new TypeError(`${where}: spectralConv must be the name of a registered module class, got ${describe(config.spectralConv)}`);
    }
    super({
      nModes: [...config.nModes],
      inChannels: checkInt(where, "inChannels", config.inChannels, 1),
      outChannels: checkInt(where, "outChannels", config.outChannels, 1),
      hiddenChannels: checkInt(where, "hiddenChannels", config.hiddenChannels, 1),
      nLayers: checkInt(where, "nLayers", config.nLayers ?? 4, 1),
      projectionChannels: checkInt(where, "projectionChannels", config.projectionChannels ?? 128, 1),
      activation: checkActivation(where, config.activation ?? "gelu"),
      positionalEmbedding: checkOneOf(where, "positionalEmbedding", config.positionalEmbedding ?? "linear", POSITIONAL_EMBEDDINGS),
      spectralConv: config.spectralConv ?? "SpectralConv",
      seed: checkSeed(where, config.seed),
    });
    const c = this.config;
    let n = 0;
    const linear = (name: string, ci: number, co: number) => this.register(name, new Linear({ inFeatures: ci, outFeatures: co, seed: childSeed(c.seed, n++) }));
    this.lifting = linear("lifting", c.inChannels + this.embeddingChannels, c.hiddenChannels);
    for (let l = 0; l < c.nLayers; l++) {
      const spectral = this.register(`blocks/${l}/spectral`, fromConfig({
        className: c.spectralConv, config: { inChannels: c.hiddenChannels, outChannels: c.hiddenChannels, nModes: c.nModes, seed: childSeed(c.seed, n++) },
      }));
      this.blocks.push({ spectral, skip: linear(`blocks/${l}/skip`, c.hiddenChannels, c.hiddenChannels) });
    }
    this.projection = [linear("projection/0", c.hiddenChannels, c.projectionChannels), linear("projection/1", c.projectionChannels, c.outChannels)];
  }
  /** Number of spatial dimensions (nModes.length). */
  get dims(): number {
    return this.config.nModes.length;
  }

  /** Number of coordinate channels appended to the input (0, d or 2d). */
  get embeddingChannels(): number {
    const e = this.config.positionalEmbedding, d = this.config.nModes.length;
    return e === "none" ? 0 : e === "linear" ? d : 2 * d;
  }

  /** Smallest grid the model accepts: 2·nModes points per axis. */
  get minGrid(): number[] {
    return this.config.nModes.map((m) => 2 * m);
  }

  /** 1D x [batch, n, inChannels] → [batch, n, outChannels]; 2D x [batch, height, width, inChannels] → [..., outChannels]. */
  apply(x: tf.Tensor): tf.Tensor {
    const d = this.dims, c = this.config;
    const layout = d === 1 ? "[batch, n, channels]" : "[batch, height, width, channels]";
    checkTensor("FNO.apply", "x", x, d + 2, layout);
    checkChannels("FNO.apply", "x", x, c.inChannels, layout);
    const grid = x.shape.slice(1, 1 + d) as number[];
    grid.forEach((n, i) => {
      if (n < 2 * c.nModes[i]) {
        const axis = d === 1 ? "" : ` along ${i === 0 ? "the height" : "the width"}`;
        throw new RangeError(`FNO.apply: a grid of ${n} points${axis} cannot carry ${c.nModes[i]} Fourier modes; ` +
          `it needs at least 2·nModes = ${2 * c.nModes[i]} points (x ${JSON.stringify(x.shape)})`);
      }
    });
    const B = x.shape[0] as number, S = B * grid.reduce((a, b) => a * b, 1);
    const lin = (h: tf.Tensor, layer: Linear) => layer.applyRows(h as tf.Tensor2D);
    // lifting P(a, x) = a·W_a + e(x)·W_e + b: the coordinate term is computed once per grid point and
    // added to every sample (no tiled or concatenated coordinate channels)
    const C = c.hiddenChannels, P = S / B, Cin = c.inChannels, W = this.lifting.weight as tf.Tensor as tf.Tensor2D;
    let h: tf.Tensor; // [S, hidden], S = batch·grid points
    if (c.positionalEmbedding === "none") {
      h = lin(x.reshape([S, Cin]), this.lifting);
    } else {
      const Wa = W.slice([0, 0], [Cin, C]), We = W.slice([Cin, 0], [this.embeddingChannels, C]);
      const a = dense(x.reshape([S, Cin]) as tf.Tensor2D, Wa, this.lifting.bias as tf.Tensor as tf.Tensor1D);
      const pos = matMul(this.coordinateRows(grid), We); // [P, hidden]
      h = addRows(a.reshape([B, P * C]) as tf.Tensor2D, pos.reshape([1, P * C]) as tf.Tensor2D).reshape([S, C]);
    }
    this.blocks.forEach(({ spectral, skip }, l) => {
      const k = spectral.apply(h.reshape([B, ...grid, c.hiddenChannels])).reshape([S, c.hiddenChannels]);
      h = tf.add(k, lin(h, skip));
      if (l < this.blocks.length - 1) h = activate(h, c.activation);
    });
    h = lin(activate(lin(h, this.projection[0]), c.activation), this.projection[1]); // [S, out]
    return h.reshape([B, ...grid, c.outChannels]);
  }

  /**
   * [points, e] coordinates of the grid points (row-major, height first in 2D), cached per grid:
   * per axis x = i/N ("linear") or sin 2πx, cos 2πx ("periodic").
   */
  private coordinateRows(grid: number[]): tf.Tensor2D {
    const key = grid.join("x");
    let coords = this.coordinates.get(key);
    if (coords === undefined || coords.isDisposed) {
      const points = grid.reduce((a, b) => a * b, 1), e = this.embeddingChannels, a = new Float32Array(points * e);
      const periodic = this.config.positionalEmbedding === "periodic";
      for (let p = 0; p < points; p++) {
        // axis coordinates in [0, 1): [i/N] (1D) or [h/H, w/W] (2D), p = h·W + w
        const xs = grid.length === 1 ? [p / grid[0]] : [Math.floor(p / grid[1]) / grid[0], (p % grid[1]) / grid[1]];
        xs.forEach((v, i) => {
          if (periodic) { a[p * e + 2 * i] = Math.sin(2 * Math.PI * v); a[p * e + 2 * i + 1] = Math.cos(2 * Math.PI * v); }
          else a[p * e + i] = v;
        });
      }
      coords = tf.keep(tf.tensor2d(a, [points, e]));
      this.coordinates.set(key, coords);
    }
    return coords as tf.Tensor2D;
  }

  override dispose(): void {
    for (const t of this.coordinates.values()) t.dispose();
    this.coordinates.clear();
    super.dispose();
  }
}
