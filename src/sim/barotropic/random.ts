/**
 * Random fields for the barotropic model, drawn from a core.Rng: small-scale vorticity noise (the
 * SRDA jet's initial perturbation) and fields of Gaussian mountains (topography experiments).
 */
import type { Rng } from "../../core/random";
import { RealFft2 } from "../spectral/fft";
import { checkFinite, checkInteger, checkNonNegative, checkPositive, checkRng } from "../validate";
import { extend, rowY, type Domain } from "./domain";

/**
 * Random vorticity [ny, nx] with every Fourier mode |kx|, |ky| ≤ kMax (integer indices of the FFT
 * grid, default nx/3) given an independent Gaussian amplitude, scaled to root-mean-square `rms`.
 * Channel: the field is a sine series in y (zero on the walls). Draws nx·ny normals from `rng`
 * (row-major); `new Rng(seed)` reproduces the former `{ seed }` fields exactly.
 */
export function randomVorticity(d: Domain, opts: { rng: Rng; rms: number; kMax?: number }): Float64Array {
  const where = "barotropic.randomVorticity";
  const rng = checkRng(where, opts);
  const rms = checkNonNegative(where, "rms", opts.rms);
  const kMax = checkInteger(where, "kMax", opts.kMax ?? Math.floor(d.nx / 3), 1, Math.floor(Math.min(d.nx, d.nyFull) / 2) - 1);
  const fft = new RealFft2(d.nx, d.nyFull), nxh = d.nx / 2 + 1;
  const white = rng.fillNormal(new Float64Array(d.nx * d.ny));
  const W = fft.forward(extend(d, white, -1));
  for (let j = 0; j < d.nyFull; j++) {
    const jj = j < d.nyFull / 2 ? j : j - d.nyFull;
    for (let i = 0; i < nxh; i++) {
      const keep = (i > 0 || jj !== 0) && i <= kMax && Math.abs(jj) <= kMax;
      if (!keep) { W[2 * (j * nxh + i)] = 0; W[2 * (j * nxh + i) + 1] = 0; }
    }
  }
  const field = fft.inverse(W).slice(0, d.nx * d.ny);
  let s2 = 0;
  for (const v of field) s2 += v * v;
  const scale = s2 > 0 ? rms / Math.sqrt(s2 / field.length) : 0;
  for (let q = 0; q < field.length; q++) field[q] *= scale;
  return field;
}

/** One Gaussian mountain η·exp(−r²/(2w²)) centred at (x, y). */
export interface Mountain { x: number; y: number; height: number; width: number }

/**
 * Topographic PV η [ny, nx] of a set of Gaussian mountains; periodic domains add the images in x
 * and y (so the field is periodic), channels the images in x only.
 */
export function mountainField(d: Domain, mountains: readonly Mountain[]): Float64Array {
  const out = new Float64Array(d.nx * d.ny);
  const imagesY = d.kind === "periodic" ? [-1, 0, 1] : [0];
  for (const m of mountains) {
    checkFinite("mountainField", "height", m.height);
    const w = checkPositive("mountainField", "width", m.width);
    for (let j = 0; j < d.ny; j++) {
      const y = rowY(d, j);
      for (let i = 0; i < d.nx; i++) {
        const x = i * d.dx;
        let s = 0;
        for (const a of [-1, 0, 1]) for (const b of imagesY) {
          const rx = x - m.x + a * d.lx, ry = y - m.y + b * d.ly;
          s += Math.exp(-(rx * rx + ry * ry) / (2 * w * w));
        }
        out[j * d.nx + i] += m.height * s;
      }
    }
  }
  return out;
}

/**
 * `count` mountains with uniformly random centres and heights uniform in [minHeight, maxHeight]
 * (topographic PV units, 1/time), all of half-width `width`. In a channel the centres keep
 * 6·width + 2Δy from the walls, so the topography is flat there (as BarotropicModel requires).
 * Draws 3·count uniforms from `rng` (x, y, height per mountain).
 */
export function gaussianMountains(d: Domain, opts: { rng: Rng; count: number; minHeight: number; maxHeight: number; width: number }): { mountains: Mountain[]; field: Float64Array } {
  const where = "barotropic.gaussianMountains";
  const rng = checkRng(where, opts);
  const count = checkInteger(where, "count", opts.count, 0, 1000);
  const lo = checkFinite(where, "minHeight", opts.minHeight), hi = checkFinite(where, "maxHeight", opts.maxHeight, lo);
  const width = checkPositive(where, "width", opts.width);
  const margin = d.kind === "channel" ? 6 * width + 2 * d.dy : 0;
  if (2 * margin >= d.ly) throw new RangeError(`${where}: width must be < ${((d.ly / 2 - 2 * d.dy) / 6).toPrecision(3)} in this channel (mountains keep 6·width + 2Δy from the walls), got ${width}`);
  const mountains: Mountain[] = [];
  for (let c = 0; c < count; c++) {
    mountains.push({ x: rng.uniform() * d.lx, y: margin + rng.uniform() * (d.ly - 2 * margin), height: lo + rng.uniform() * (hi - lo), width });
  }
  return { mountains, field: mountainField(d, mountains) };
}

