/**
 * Field types: what a feature field's channels are, so that the type travels with the data (escnn's
 * FieldType, Cesa, Lang & Weiler 2022). A field type is a symmetry group of the grid — the cyclic
 * group C_N of rotations by 360°/N about the grid centre, N ∈ {1, 2, 4} (C1 = no symmetry, the
 * type of a plain CNN's channels) — and a list of representations with multiplicities:
 *
 *   "scalar"   1 channel, unchanged by a rotation (temperature, vorticity, |u|)
 *   "vector"   2 channels (u, v), u along x (width axis), v along y (height axis, rows upward); one
 *              generator turn rotates them by 360°/N: (u, v) → (−v, u) for C4, → (−u, −v) for C2
 *   "regular"  N channels, one per group element: a turn shifts them cyclically, f_g → f_{g+1}
 *              (the hidden features of a group convolution; Cohen & Welling 2016)
 *
 * Channel layout: blocks in list order, multiplicities contiguous, each field's channels adjacent —
 * for "vector" ×2 the channels are [u0, v0, u1, v1] (core.rot90Vector's layout), for "regular" ×m
 * [f(0,0..N−1), f(1,0..N−1), …] (the group index fastest).
 *
 * All three are monomial (signed-permutation) representations: the generator r maps basis channel
 * j to sign[j]·(channel perm[j]). That is all the layers need to build exactly equivariant filters
 * (filter-plan.ts), and it makes the action on a tensor a gather with signs.
 */
import { checkInt, checkObject, checkOneOf, describe } from "../../core";

export const GROUPS = ["C1", "C2", "C4"] as const;
/** C_N: rotations of the grid by multiples of 360°/N. */
export type GroupName = (typeof GROUPS)[number];
export const REPRESENTATIONS = ["scalar", "vector", "regular"] as const;
export type RepresentationName = (typeof REPRESENTATIONS)[number];

/** A field type as JSON: `{ group: "C4", reps: [["vector", 1]] }` (what configs store). */
export interface FieldTypeJSON {
  group: GroupName;
  reps: [RepresentationName, number][];
}

/** The action of the generator r on channels: r·e_j = sign[j]·e_{perm[j]}. */
export interface Monomial {
  readonly dim: number;
  readonly perm: Int32Array;
  readonly sign: Int8Array;
}

/** Group order N of C_N. */
export function groupOrder(group: GroupName): number {
  return group === "C1" ? 1 : group === "C2" ? 2 : 4;
}

function repDim(rep: RepresentationName, n: number): number {
  return rep === "scalar" ? 1 : rep === "vector" ? 2 : n;
}

export class FieldType {
  readonly group: GroupName;
  readonly reps: readonly (readonly [RepresentationName, number])[];
  /** Number of channels. */
  readonly size: number;
  private monomial: Monomial | undefined;

  constructor(group: GroupName, reps: readonly (readonly [RepresentationName, number])[]) {
    const where = "FieldType";
    checkOneOf(where, "group", group, GROUPS);
    if (!Array.isArray(reps) || reps.length === 0) throw new TypeError(`${where}: reps must be a non-empty array of [representation, multiplicity], got ${describe(reps)}`);
    const n = groupOrder(group);
    let size = 0;
    this.reps = Object.freeze(reps.map((r, i) => {
      if (!Array.isArray(r) || r.length !== 2) throw new TypeError(`${where}: reps[${i}] must be [representation, multiplicity], got ${describe(r)}`);
      const rep = checkOneOf(where, `reps[${i}][0]`, r[0], REPRESENTATIONS);
      const m = checkInt(where, `reps[${i}][1] (multiplicity)`, r[1], 1);
      size += m * repDim(rep, n);
      return Object.freeze([rep, m] as const);
    }));
    this.group = group;
    this.size = size;
  }

  /** m scalar fields. */
  static scalar(multiplicity = 1, group: GroupName = "C4"): FieldType { return new FieldType(group, [["scalar", multiplicity]]); }
  /** m vector fields (u, v). */
  static vector(multiplicity = 1, group: GroupName = "C4"): FieldType { return new FieldType(group, [["vector", multiplicity]]); }
  /** m regular fields (N channels each). */
  static regular(multiplicity = 1, group: GroupName = "C4"): FieldType { return new FieldType(group, [["regular", multiplicity]]); }

  /** A field type from its JSON (or the instance itself). */
  static from(where: string, name: string, t: FieldType | FieldTypeJSON): FieldType {
    if (t instanceof FieldType) return t;
    checkObject(where, name, t);
    return new FieldType(t.group, t.reps);
  }

  /** Order N of the group. */
  get order(): number { return groupOrder(this.group); }

  /** The generator's action on the channels (a signed permutation). */
  generator(): Monomial {
    if (this.monomial) return this.monomial;
    const n = this.order, perm = new Int32Array(this.size), sign = new Int8Array(this.size);
    let o = 0;
    for (const [rep, m] of this.reps) {
      for (let f = 0; f < m; f++) {
        if (rep === "scalar") { perm[o] = o; sign[o] = 1; o += 1; }
        else if (rep === "vector") {
          if (n === 4) { perm[o] = o + 1; sign[o] = 1; perm[o + 1] = o; sign[o + 1] = -1; } // (u, v) → (−v, u)
          else { const s = n === 2 ? -1 : 1; perm[o] = o; sign[o] = s; perm[o + 1] = o + 1; sign[o + 1] = s; }
          o += 2;
        } else {
          for (let g = 0; g < n; g++) { perm[o + g] = o + ((g + 1) % n); sign[o + g] = 1; }
          o += n;
        }
      }
    }
    this.monomial = Object.freeze({ dim: this.size, perm, sign });
    return this.monomial;
  }

  /** True when every channel keeps its sign under the group (scalar and regular fields only): then point-wise non-linearities such as ReLU commute with the action. */
  get permutational(): boolean {
    return this.generator().sign.every((s) => s === 1);
  }

  /** The same representations over another group (e.g. a C4 type seen as C1 for a plain CNN). */
  over(group: GroupName): FieldType {
    if (this.reps.some(([rep]) => rep === "regular") && group !== this.group) {
      throw new RangeError(`FieldType.over: a regular field has one channel per element of ${this.group}; it has no meaning over ${group}`);
    }
    return new FieldType(group, this.reps);
  }

  equals(other: FieldType): boolean {
    return other instanceof FieldType && other.group === this.group && other.reps.length === this.reps.length &&
      other.reps.every(([r, m], i) => r === this.reps[i][0] && m === this.reps[i][1]);
  }

  toJSON(): FieldTypeJSON {
    return { group: this.group, reps: this.reps.map(([r, m]) => [r, m]) };
  }

  /** "C4[vector×1]", "C4[regular×8]" */
  toString(): string {
    return `${this.group}[${this.reps.map(([r, m]) => `${r}×${m}`).join(" ⊕ ")}]`;
  }
}

/** The generator's action applied k times (k ≥ 0): r^k·e_j = sign[j]·e_{perm[j]}. */
export function power(g: Monomial, k: number): Monomial {
  const perm = new Int32Array(g.dim), sign = new Int8Array(g.dim);
  for (let j = 0; j < g.dim; j++) {
    let p = j, s = 1;
    for (let t = 0; t < k; t++) { s *= g.sign[p]; p = g.perm[p]; }
    perm[j] = p; sign[j] = s;
  }
  return { dim: g.dim, perm, sign };
}

/** The trivial one-channel representation (the input of a bias). */
export const TRIVIAL: Monomial = Object.freeze({ dim: 1, perm: Int32Array.of(0), sign: Int8Array.of(1) });
