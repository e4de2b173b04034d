/**
 * Exactly equivariant convolution filters by weight sharing (Cohen & Welling 2016; Weiler & Cesa
 * 2019, §2.5): the full filter W [k, k, Cin, Cout] of a C_N-equivariant layer is assembled from a
 * free base filter φ by rotating it and acting on its channels, so that it satisfies the kernel
 * constraint
 *
 *   W(R·q) = ρ_out(r) W(q) ρ_in(r)⁻¹        (q a kernel offset, R the turn by 360°/N)
 *
 * to the last bit, for any φ. Then ONE convolution with W is equivariant: (W ⋆ g·x) = g·(W ⋆ x).
 *
 * The construction, for monomial representations (field-type.ts): let T be the map on filters
 * T(W) = ρ_out(r)·rot(W)·ρ_in(r)⁻¹ (rot turns the k×k kernel as core.rot90 turns a field); the
 * constraint says W = T(W), and T moves each filter entry to another entry with a sign. The output
 * channels fall into orbits of ρ_out's permutation; an orbit of length L has a representative
 * channel o0 whose column is the free filter φ_o0 made invariant under T^L (the average of its N/L
 * images, the projection onto the constraint of the orbit's stabiliser), and the other columns of
 * the orbit are T, T², …, T^(L−1) of it. For regular output fields (L = N, the lifting and group
 * convolutions) there is nothing to average: every column is a rotated, channel-shifted copy of
 * its own base filter — plain weight sharing. For scalar outputs (L = 1) the column is the group
 * average of φ; for C4 vectors (L = 2) the average of φ and T²φ.
 *
 * The plan lists, for every entry of W, the base-filter entries it sums (index, coefficient); it is
 * computed once, in plain JS, and applied by `sharedFilter`: a few gathers forward and backward.
 */
import * as tf from "@tensorflow/tfjs";
import type { Monomial } from "./field-type";

/** Gathers that build a flat array: out[n] = Σ_t coef[t][n] · src[idx[t][n]]. */
interface GatherLayers {
  idx: Int32Array[];
  coef: Float32Array[];
  /** Per layer: every coefficient is 1 (no multiply needed). */
  unit: boolean[];
  /** The index and coefficient tensors, made once per backend (see releasePlan). */
  tensors?: { backend: string; idx: tf.Tensor1D[]; coef: (tf.Tensor1D | undefined)[] };
}

export interface FilterPlan {
  /** Kernel size k (odd), input and output channels. */
  k: number;
  cin: number;
  cout: number;
  /** Number of output orbits: the base filter φ has shape [k, k, cin, orbits]. */
  orbits: number;
  /** Length L of each orbit. */
  orbitLength: Int32Array;
  /** Whether each orbit's filter can be non-zero (false when the constraint forces it to 0, e.g. the bias of a vector field). */
  live: boolean[];
  /** W = φ (the trivial group C1: nothing is shared). */
  identity: boolean;
  /** Shape of the base filter φ: [k, k, cin, orbits], or [used] for a compacted plan (only the entries W depends on). */
  paramShape: number[];
  /** W = expand(φ): forward gathers from φ (flat) into W (flat [k·k·cin·cout]). */
  forward: GatherLayers;
  /** φ's gradient from W's: the transposed map. */
  backward: GatherLayers;
}

/** One counterclockwise quarter turn of kernel index (a = row, b = column) in a k×k kernel (core.rot90's convention). */
function turn(a: number, b: number, k: number): [number, number] {
  return [b, k - 1 - a];
}

/**
 * The weight-sharing plan of a k×k filter from channels transforming by `inRep` to channels
 * transforming by `outRep`, for C_N (N ∈ {1, 2, 4}; the generator turns the grid by 4/N quarter
 * turns).
 */
export function filterPlan(k: number, inRep: Monomial, outRep: Monomial, n: number, opts: { compact?: boolean } = {}): FilterPlan {
  const cin = inRep.dim, cout = outRep.dim, quarter = 4 / n;
  // T applied once to entry (a, b, i, o): where it lands and with which sign.
  const applyT = (a: number, b: number, i: number, o: number): [number, number, number, number, number] => {
    let [aa, bb] = [a, b];
    for (let q = 0; q < quarter; q++) [aa, bb] = turn(aa, bb, k);
    return [aa, bb, inRep.perm[i], outRep.perm[o], inRep.sign[i] * outRep.sign[o]];
  };
  // Output orbits of ρ_out's permutation.
  const orbitOf = new Int32Array(cout).fill(-1), reps: number[] = [], lengths: number[] = [];
  for (let o = 0; o < cout; o++) {
    if (orbitOf[o] >= 0) continue;
    let p = o, len = 0;
    do { orbitOf[p] = reps.length; p = outRep.perm[p]; len++; } while (p !== o);
    reps.push(o); lengths.push(len);
  }
  const orbits = reps.length, cellsIn = k * k * cin, size = cellsIn * cout;
  const wIndex = (a: number, b: number, i: number, o: number) => ((a * k + b) * cin + i) * cout + o;
  const phiIndex = (a: number, b: number, i: number, u: number) => ((a * k + b) * cin + i) * orbits + u;
  const terms: Map<number, number>[] = Array.from({ length: size }, () => new Map());
  const add = (n0: number, p: number, c: number) => terms[n0].set(p, (terms[n0].get(p) ?? 0) + c);
  const live: boolean[] = [];

  reps.forEach((o0, u) => {
    const L = lengths[u], copies = n / L;
    // Representative column: (L/N) Σ_j (T^L)^j φ_u.
    const column = new Map<number, Map<number, number>>(); // entry (a, b, i) → terms
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) for (let i = 0; i < cin; i++) {
      let e: [number, number, number, number, number] = [a, b, i, o0, 1];
      for (let j = 0; j < copies; j++) {
        const key = (e[0] * k + e[1]) * cin + e[2];
        const t = column.get(key) ?? new Map<number, number>();
        t.set(phiIndex(a, b, i, u), (t.get(phiIndex(a, b, i, u)) ?? 0) + (e[4] * L) / n);
        column.set(key, t);
        for (let s = 0; s < L; s++) { const [a2, b2, i2, o2, sg] = applyT(e[0], e[1], e[2], e[3]); e = [a2, b2, i2, o2, e[4] * sg]; }
      }
    }
    for (const t of column.values()) for (const [p, c] of t) if (Math.abs(c) < 1e-12) t.delete(p);
    live.push([...column.values()].some((t) => t.size > 0));
    // The orbit's other columns: T^m of the representative's entries.
    for (const [key, t] of column) {
      const a = Math.floor(key / (k * cin)), b = Math.floor(key / cin) % k, i = key % cin;
      let e: [number, number, number, number, number] = [a, b, i, o0, 1];
      for (let m = 0; m < L; m++) {
        for (const [p, c] of t) add(wIndex(e[0], e[1], e[2], e[3]), p, e[4] * c);
        const [a2, b2, i2, o2, sg] = applyT(e[0], e[1], e[2], e[3]);
        e = [a2, b2, i2, o2, e[4] * sg];
      }
    }
  });
  let pSize = cellsIn * orbits, paramShape = [k, k, cin, orbits];
  if (opts.compact) {
    // Renumber the base-filter entries W depends on, in order of first use.
    const renum = new Map<number, number>();
    for (const t of terms) for (const p of t.keys()) if (!renum.has(p)) renum.set(p, renum.size);
    terms.forEach((t, w) => { terms[w] = new Map([...t].map(([p, c]) => [renum.get(p) as number, c])); });
    pSize = renum.size; paramShape = [pSize];
  }
  const forward = layers(terms, size);
  const identity = pSize === size && forward.idx.length === 1 && forward.unit[0] && forward.idx[0].every((p, i) => p === i);
  return {
    k, cin, cout, orbits, orbitLength: Int32Array.from(lengths), live, paramShape, identity,
    forward, backward: layers(transpose(terms, pSize), pSize),
  };
}

function transpose(terms: Map<number, number>[], n: number): Map<number, number>[] {
  const out: Map<number, number>[] = Array.from({ length: n }, () => new Map());
  terms.forEach((t, w) => { for (const [p, c] of t) if (c !== 0) out[p].set(w, c); });
  return out;
}

/** Terms per output entry → gather layers (entry n's t-th term in layer t; absent terms have coefficient 0). */
function layers(terms: Map<number, number>[], size: number): GatherLayers {
  const depth = terms.reduce((d, t) => Math.max(d, [...t.values()].filter((c) => c !== 0).length), 0);
  const idx = Array.from({ length: depth }, () => new Int32Array(size));
  const coef = Array.from({ length: depth }, () => new Float32Array(size));
  terms.forEach((t, n0) => {
    let l = 0;
    for (const [p, c] of t) if (c !== 0) { idx[l][n0] = p; coef[l][n0] = c; l++; }
  });
  return { idx, coef, unit: coef.map((c) => c.every((v) => v === 1)) };
}

/** The layers' constant tensors on the current backend (kept, made on first use). */
function layerTensors(g: GatherLayers): NonNullable<GatherLayers["tensors"]> {
  const backend = tf.getBackend();
  if (g.tensors?.backend !== backend) {
    g.tensors = {
      backend,
      idx: g.idx.map((i) => tf.keep(tf.tensor1d(i, "int32"))),
      coef: g.coef.map((c, l) => (g.unit[l] ? undefined : tf.keep(tf.tensor1d(c)))),
    };
  }
  return g.tensors;
}

function gatherSum(src: tf.Tensor1D, g: GatherLayers, size: number): tf.Tensor1D {
  if (g.idx.length === 0) return tf.zeros([size]);
  const t = layerTensors(g);
  let out: tf.Tensor1D | undefined;
  for (let l = 0; l < g.idx.length; l++) {
    const picked = tf.gather(src, t.idx[l]) as tf.Tensor1D, c = t.coef[l];
    const part = c === undefined ? picked : (tf.mul(picked, c) as tf.Tensor1D);
    out = out === undefined ? part : (tf.add(out, part) as tf.Tensor1D);
  }
  return out as tf.Tensor1D;
}

/** Frees the constant tensors a plan made (call from the owning module's dispose). */
export function releasePlan(plan: FilterPlan): void {
  for (const g of [plan.forward, plan.backward]) {
    if (g.tensors !== undefined && g.tensors.backend === tf.getBackend()) tf.dispose([...g.tensors.idx, ...g.tensors.coef.filter((c): c is tf.Tensor1D => c !== undefined)]);
    g.tensors = undefined;
  }
}

/**
 * The full filter [k, k, cin, cout] from the base filter φ (plan.paramShape) by the plan,
 * differentiable with respect to φ on every backend (gathers both ways); `shape` is the shape of
 * the result (default [k, k, cin, cout]).
 */
export function sharedFilter(phi: tf.Tensor, plan: FilterPlan, shape: number[] = [plan.k, plan.k, plan.cin, plan.cout]): tf.Tensor {
  const { k, cin, cout } = plan, wSize = k * k * cin * cout, pSize = plan.paramShape.reduce((a, b) => a * b, 1);
  if (plan.identity) return phi.reshape(shape);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const flat = (args[0] as tf.Tensor).reshape([pSize]) as tf.Tensor1D;
    return {
      value: gatherSum(flat, plan.forward, wSize).reshape(shape),
      gradFunc: (dy: tf.Tensor) => gatherSum(dy.reshape([wSize]) as tf.Tensor1D, plan.backward, pSize).reshape(phi.shape),
    };
  });
  return op(phi);
}
