import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { irdft1, irdft2, keptFrequencies, rdft1, rdft2 } from "../../src/core/dft";
import { maxRelDiff, normals, onBackend, toArrays } from "./backends";

/** ky kept along the full axis, in output order. */
const kys = (my: number) => [...Array(my).keys(), ...Array.from({ length: my }, (_, i) => i - my)];
/** Hermitian weight of column kx for a real inverse over W points. */
const weight = (kx: number, W: number) => (kx === 0 || 2 * kx === W ? 1 : 2);

/** float64 truncated rfft2: x [B,H,W,C] → [B, 2my, mx, 2C] (re | im). */
function rdft2Ref(x: Float32Array, [B, H, W, C]: number[], my: number, mx: number): Float64Array {
  const K = 2 * my, out = new Float64Array(B * K * mx * 2 * C), ky = kys(my);
  for (let b = 0; b < B; b++) for (let r = 0; r < K; r++) for (let kx = 0; kx < mx; kx++) for (let c = 0; c < C; c++) {
    let re = 0, im = 0;
    for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) {
      const t = -2 * Math.PI * ((ky[r] * h) / H + (kx * w) / W), v = x[((b * H + h) * W + w) * C + c];
      re += v * Math.cos(t);
      im += v * Math.sin(t);
    }
    const o = ((b * K + r) * mx + kx) * 2 * C;
    out[o + c] = re;
    out[o + C + c] = im;
  }
  return out;
}

/** float64 real inverse (irfft2 semantics) of a truncated spectrum [B, 2my, mx, 2C] onto H×W. */
function irdft2Ref(X: ArrayLike<number>, [B, K, mx, C2]: number[], H: number, W: number): Float64Array {
  const C = C2 / 2, ky = kys(K / 2), out = new Float64Array(B * H * W * C);
  for (let b = 0; b < B; b++) for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) for (let c = 0; c < C; c++) {
    let s = 0;
    for (let r = 0; r < K; r++) for (let kx = 0; kx < mx; kx++) {
      const t = 2 * Math.PI * ((ky[r] * h) / H + (kx * w) / W), o = ((b * K + r) * mx + kx) * C2;
      s += weight(kx, W) * (X[o + c] * Math.cos(t) - X[o + C + c] * Math.sin(t));
    }
    out[((b * H + h) * W + w) * C + c] = s / (H * W);
  }
  return out;
}

/** Plain-tf reference (one big [H·W, K·mx] DFT matrix per part), differentiated by tfjs autodiff. */
function dftMatrices(H: number, W: number, my: number, mx: number) {
  const ky = kys(my), K = 2 * my;
  const cf = new Float32Array(H * W * K * mx), sf = new Float32Array(H * W * K * mx);
  const ci = new Float32Array(K * mx * H * W), si = new Float32Array(K * mx * H * W);
  for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) for (let r = 0; r < K; r++) for (let kx = 0; kx < mx; kx++) {
    const t = 2 * Math.PI * ((ky[r] * h) / H + (kx * w) / W), p = h * W + w, q = r * mx + kx, a = weight(kx, W) / (H * W);
    cf[p * K * mx + q] = Math.cos(t);
    sf[p * K * mx + q] = -Math.sin(t);
    ci[q * H * W + p] = a * Math.cos(t);
    si[q * H * W + p] = -a * Math.sin(t);
  }
  return { cf: tf.tensor2d(cf, [H * W, K * mx]), sf: tf.tensor2d(sf, [H * W, K * mx]), ci: tf.tensor2d(ci, [K * mx, H * W]), si: tf.tensor2d(si, [K * mx, H * W]) };
}
function rdft2Plain(x: tf.Tensor4D, my: number, mx: number): tf.Tensor4D {
  const [B, H, W, C] = x.shape, K = 2 * my, m = dftMatrices(H, W, my, mx);
  const xr = tf.transpose(x, [0, 3, 1, 2]).reshape([B * C, H * W]);
  const part = (M: tf.Tensor2D) => tf.matMul(xr, M).reshape([B, C, K, mx]).transpose([0, 2, 3, 1]);
  return tf.concat([part(m.cf), part(m.sf)], 3) as tf.Tensor4D;
}
function irdft2Plain(X: tf.Tensor4D, H: number, W: number): tf.Tensor4D {
  const [B, K, mx, C2] = X.shape, C = C2 / 2, m = dftMatrices(H, W, K / 2, mx);
  const part = (P: tf.Tensor) => tf.transpose(P, [0, 3, 1, 2]).reshape([B * C, K * mx]);
  const [re, im] = tf.split(X, 2, 3);
  const x = tf.add(tf.matMul(part(re), m.ci), tf.matMul(part(im), m.si));
  return x.reshape([B, C, H, W]).transpose([0, 2, 3, 1]) as tf.Tensor4D;
}

const cases2: { x: [number, number, number, number]; my: number; mx: number }[] = [
  { x: [1, 8, 8, 1], my: 2, mx: 3 },
  { x: [2, 6, 10, 3], my: 3, mx: 6 }, // every ky, and the Nyquist column kx = W/2
  { x: [1, 5, 7, 2], my: 2, mx: 4 }, // odd sizes
  { x: [3, 16, 12, 2], my: 4, mx: 5 },
  { x: [1, 64, 64, 2], my: 12, mx: 12 }, // FNO size
];

function relL2(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let n = 0, d = 0;
  for (let i = 0; i < a.length; i++) {
    n += (a[i] - b[i]) ** 2;
    d += b[i] ** 2;
  }
  return Math.sqrt(n / d);
}

describe("rdft2 / irdft2 against a float64 DFT", () => {
  for (const { x: shape, my, mx } of cases2) {
    const [B, H, W, C] = shape;
    it(`x[${shape}] modesY=${my} modesX=${mx}: forward and inverse within 1e-6 (relative L2) on wasm and cpu`, async () => {
      const x = normals(B * H * W * C, 7);
      const Xs = normals(B * 2 * my * mx * 2 * C, 8);
      const fRef = rdft2Ref(x, shape, my, mx), iRef = irdft2Ref(Xs, [B, 2 * my, mx, 2 * C], H, W);
      for (const backend of ["wasm", "cpu"] as const) {
        const [f, i] = await onBackend(backend, () =>
          toArrays([rdft2(tf.tensor4d(x, shape), my, mx), irdft2(tf.tensor4d(Xs, [B, 2 * my, mx, 2 * C]), H, W)]),
        );
        expect(relL2(f, fRef), `${backend} forward`).toBeLessThan(1e-6);
        expect(relL2(i, iRef), `${backend} inverse`).toBeLessThan(1e-6);
        expect(maxRelDiff(f, fRef), `${backend} forward max`).toBeLessThan(2e-6);
        expect(maxRelDiff(i, iRef), `${backend} inverse max`).toBeLessThan(2e-6);
      }
    });
  }
});

describe("rdft2 / irdft2 round trip", () => {
  it("x[2,12,10,2], modesY=3, modesX=4: a field made of kept interior modes comes back; modes outside vanish", async () => {
    const [B, H, W, C] = [2, 12, 10, 2], my = 3, mx = 4;
    const inside = new Float32Array(B * H * W * C), outside = new Float32Array(B * H * W * C);
    const amp = normals(400, 9);
    let a = 0;
    for (let b = 0; b < B; b++) for (let c = 0; c < C; c++) {
      // inside: |ky| < my and kx < mx (both partners kept); outside: ky = ±5 or kx = 4, 5
      const modesIn: [number, number][] = [[0, 1], [1, 0], [2, 3], [-2, 1], [-1, 2], [0, 3]];
      const modesOut: [number, number][] = [[5, 0], [0, 4], [-4, 2], [3, 5], [6, 1]];
      for (const [list, out] of [[modesIn, inside], [modesOut, outside]] as const) {
        for (const [ky, kx] of list) {
          const p = amp[a++], q = amp[a++];
          for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) {
            const t = 2 * Math.PI * ((ky * h) / H + (kx * w) / W);
            out[((b * H + h) * W + w) * C + c] += p * Math.cos(t) + q * Math.sin(t);
          }
        }
      }
    }
    for (const backend of ["wasm", "cpu"] as const) {
      const [rIn, rOut] = await onBackend(backend, () => {
        const rt = (v: Float32Array) => irdft2(rdft2(tf.tensor4d(v, [B, H, W, C]), my, mx), H, W);
        return toArrays([rt(inside), rt(outside)]);
      });
      expect(maxRelDiff(rIn, inside)).toBeLessThan(2e-6);
      expect(Math.max(...rOut.map(Math.abs))).toBeLessThan(2e-5);
    }
  });
});

describe("rdft2 / irdft2 gradients vs cpu autodiff of a plain DFT-matrix reference (≤ 1e-5)", () => {
  for (const { x: shape, my, mx } of cases2.slice(0, 4)) {
    const [B, H, W, C] = shape, K = 2 * my;
    it(`x[${shape}] modesY=${my} modesX=${mx}`, async () => {
      const x = normals(B * H * W * C, 10), tF = normals(B * K * mx * 2 * C, 11);
      const Xs = normals(B * K * mx * 2 * C, 12), tI = normals(B * H * W * C, 13);
      const run = (impl: "ours" | "plain") => {
        const fwd = impl === "ours" ? (v: tf.Tensor) => rdft2(v as tf.Tensor4D, my, mx) : (v: tf.Tensor) => rdft2Plain(v as tf.Tensor4D, my, mx);
        const inv = impl === "ours" ? (v: tf.Tensor) => irdft2(v as tf.Tensor4D, H, W) : (v: tf.Tensor) => irdft2Plain(v as tf.Tensor4D, H, W);
        const gF = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(fwd(v), tf.tensor4d(tF, [B, K, mx, 2 * C]))))(tf.tensor4d(x, shape));
        const gI = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(inv(v), tf.tensor4d(tI, shape))))(tf.tensor4d(Xs, [B, K, mx, 2 * C]));
        return toArrays([gF, gI]);
      };
      const ref = await onBackend("cpu", () => run("plain"));
      for (const backend of ["wasm", "cpu"] as const) {
        const ours = await onBackend(backend, () => run("ours"));
        expect(maxRelDiff(ours[0], ref[0]), `${backend} d rdft2`).toBeLessThan(1e-5);
        expect(maxRelDiff(ours[1], ref[1]), `${backend} d irdft2`).toBeLessThan(1e-5);
      }
    });
  }
});

describe("rdft1 / irdft1", () => {
  for (const [shape, m] of [[[1, 8, 1], 3], [[2, 7, 3], 4], [[3, 16, 2], 9], [[1, 64, 2], 16]] as [[number, number, number], number][]) {
    const [B, W, C] = shape;
    it(`x[${shape}] modes=${m}: value vs float64 (≤ 1e-6), gradients vs cpu autodiff (≤ 1e-5), round trip`, async () => {
      const x = normals(B * W * C, 14), Xs = normals(B * m * 2 * C, 15);
      // float64 references
      const f64 = new Float64Array(B * m * 2 * C), i64 = new Float64Array(B * W * C);
      for (let b = 0; b < B; b++) for (let k = 0; k < m; k++) for (let c = 0; c < C; c++) {
        let re = 0, im = 0;
        for (let w = 0; w < W; w++) {
          const t = (-2 * Math.PI * k * w) / W;
          re += x[(b * W + w) * C + c] * Math.cos(t);
          im += x[(b * W + w) * C + c] * Math.sin(t);
        }
        f64[(b * m + k) * 2 * C + c] = re;
        f64[(b * m + k) * 2 * C + C + c] = im;
      }
      for (let b = 0; b < B; b++) for (let w = 0; w < W; w++) for (let c = 0; c < C; c++) {
        let s = 0;
        for (let k = 0; k < m; k++) {
          const t = (2 * Math.PI * k * w) / W, o = (b * m + k) * 2 * C;
          s += weight(k, W) * (Xs[o + c] * Math.cos(t) - Xs[o + C + c] * Math.sin(t));
        }
        i64[(b * W + w) * C + c] = s / W;
      }
      const tF = normals(B * m * 2 * C, 16), tI = normals(B * W * C, 17);
      const run = (impl: "ours" | "plain") => {
        // plain reference: 1D = 2D with H = 1 through the plain matrices
        const fwd = (v: tf.Tensor) => impl === "ours" ? rdft1(v as tf.Tensor3D, m) : rdft2Plain1(v as tf.Tensor3D, m);
        const inv = (v: tf.Tensor) => impl === "ours" ? irdft1(v as tf.Tensor3D, W) : irdft1Plain(v as tf.Tensor3D, W);
        const xv = tf.tensor3d(x, shape), Xv = tf.tensor3d(Xs, [B, m, 2 * C]);
        const gF = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(fwd(v), tf.tensor3d(tF, [B, m, 2 * C]))))(xv);
        const gI = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(inv(v), tf.tensor3d(tI, shape))))(Xv);
        return toArrays([fwd(xv), inv(Xv), gF, gI, inv(fwd(xv))]);
      };
      const ref = await onBackend("cpu", () => run("plain"));
      for (const backend of ["wasm", "cpu"] as const) {
        const ours = await onBackend(backend, () => run("ours"));
        expect(relL2(ours[0], f64)).toBeLessThan(1e-6);
        expect(relL2(ours[1], i64)).toBeLessThan(1e-6);
        expect(maxRelDiff(ours[2], ref[2])).toBeLessThan(1e-5);
        expect(maxRelDiff(ours[3], ref[3])).toBeLessThan(1e-5);
        if (m === Math.floor(W / 2) + 1) expect(maxRelDiff(ours[4], x)).toBeLessThan(2e-6); // every mode kept: identity
      }
    });
  }

  it("keptFrequencies lists the full-axis modes in output order", () => {
    expect(keptFrequencies(16, 3)).toEqual([0, 1, 2, -3, -2, -1]);
  });
});

/** Plain 1D references with explicit DFT matrices, differentiated by tfjs autodiff. */
function rdft2Plain1(x: tf.Tensor3D, m: number): tf.Tensor3D {
  const [B, W, C] = x.shape, cf = new Float32Array(W * m), sf = new Float32Array(W * m);
  for (let w = 0; w < W; w++) for (let k = 0; k < m; k++) {
    cf[w * m + k] = Math.cos((2 * Math.PI * k * w) / W);
    sf[w * m + k] = -Math.sin((2 * Math.PI * k * w) / W);
  }
  const xr = tf.transpose(x, [0, 2, 1]).reshape([B * C, W]);
  const part = (M: Float32Array) => tf.matMul(xr, tf.tensor2d(M, [W, m])).reshape([B, C, m]).transpose([0, 2, 1]);
  return tf.concat([part(cf), part(sf)], 2) as tf.Tensor3D;
}
function irdft1Plain(X: tf.Tensor3D, W: number): tf.Tensor3D {
  const [B, m, C2] = X.shape, C = C2 / 2, ci = new Float32Array(m * W), si = new Float32Array(m * W);
  for (let k = 0; k < m; k++) for (let w = 0; w < W; w++) {
    const a = weight(k, W) / W;
    ci[k * W + w] = a * Math.cos((2 * Math.PI * k * w) / W);
    si[k * W + w] = -a * Math.sin((2 * Math.PI * k * w) / W);
  }
  const [re, im] = tf.split(X, 2, 2);
  const part = (P: tf.Tensor) => tf.transpose(P, [0, 2, 1]).reshape([B * C, m]);
  const x = tf.add(tf.matMul(part(re), tf.tensor2d(ci, [m, W])), tf.matMul(part(im), tf.tensor2d(si, [m, W])));
  return x.reshape([B, C, W]).transpose([0, 2, 1]) as tf.Tensor3D;
}

describe("DFT input validation", () => {
  it("names the expected shapes and mode ranges", async () => {
    await onBackend("cpu", () => {
      const x = tf.zeros([1, 8, 6, 2]) as tf.Tensor4D;
      expect(() => rdft2(x, 5, 2)).toThrow(/modesY must be an integer in \[1, 4\] for 8 points \(2·modesY ≤ 8\), got 5/);
      expect(() => rdft2(x, 2, 5)).toThrow(/modesX must be an integer in \[1, 4\] for 6 points, got 5/);
      expect(() => rdft2(tf.zeros([8, 6, 2]) as unknown as tf.Tensor4D, 2, 2)).toThrow(/x must be a rank 4 float32 tensor \[batch, height, width, channels\], got rank 3/);
      expect(() => irdft2(tf.zeros([1, 3, 2, 2]) as tf.Tensor4D, 8, 6)).toThrow(/even axes 1 and 3, got \[1,3,2,2\]/);
      expect(() => irdft2(tf.zeros([1, 4, 2, 2]) as tf.Tensor4D, 3, 6)).toThrow(/modesY must be an integer in \[1, 1\] for 3 points/);
      expect(() => rdft1(tf.zeros([1, 8, 1]) as tf.Tensor3D, 6)).toThrow(/modes must be an integer in \[1, 5\] for 8 points, got 6/);
      expect(() => irdft1(tf.zeros([1, 4, 3]) as tf.Tensor3D, 8)).toThrow(/even last axis/);
    });
  });
});

describe("DFT matrices cache", () => {
  it("x[2,16,16,3] modes 4x5: repeated forward + inverse + gradient inside tf.tidy keeps the tensor count (wasm)", async () => {
    await onBackend("wasm", () => undefined);
    const x = tf.tensor4d(normals(2 * 16 * 16 * 3, 20), [2, 16, 16, 3]);
    const once = () => tf.tidy(() => {
      tf.grad((v: tf.Tensor) => tf.sum(irdft2(rdft2(v as tf.Tensor4D, 4, 5), 16, 16)))(x);
      tf.grad((v: tf.Tensor) => tf.sum(irdft1(rdft1(v.reshape([2, 16 * 16, 3]) as tf.Tensor3D, 7), 256)))(x);
    });
    once(); // fills the cache (kept matrices)
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) once();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
