import { describe, expect, it } from "vitest";
import { VorticityAdvection } from "../../../src/sim/spectral/advection";
import { RealFft2, spectralGrid2 } from "../../../src/sim/spectral";

function noise(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; out[i] = s / 2 ** 32 - 0.5; }
  return out;
}

describe("VorticityAdvection", () => {
  it.each([[32, 32], [64, 16], [16, 128]])("advect gives the numbers of toGrid, the grid product and tendency, bit for bit (nx=%i, ny=%i)", (nx, ny) => {
    const grid = spectralGrid2(nx, ny, 2 * Math.PI, 3), fft = new RealFft2(nx, ny), adv = new VorticityAdvection(grid, fft);
    const zeta = fft.forward(noise(nx * ny, nx + ny)), forcing = fft.forward(noise(nx * ny, 9));
    zeta[0] = 0; zeta[1] = 0;
    adv.toGrid(zeta);
    const { u, v, zx, zy, product } = adv;
    let speed = 0;
    for (let q = 0; q < product.length; q++) { product[q] = u[q] * zx[q] + v[q] * zy[q]; speed = Math.max(speed, Math.abs(u[q]) + Math.abs(v[q])); }
    const want = new Float64Array(fft.specLength), got = new Float64Array(fft.specLength);
    adv.tendency(forcing, want);
    expect(adv.advect(zeta, forcing, got)).toBe(speed);
    let differ = 0;
    for (let p = 0; p < got.length; p++) if (got[p] !== want[p]) differ++;
    expect(differ).toBe(0);
    // The pruned forward inside tendency changes nothing: the full transform, masked, is the same.
    const full = fft.forward(product);
    for (let p = 1; p < grid.dealias.length; p++) {
      const re = -grid.dealias[p] * full[2 * p] + forcing[2 * p], im = -grid.dealias[p] * full[2 * p + 1] + forcing[2 * p + 1];
      if (re !== want[2 * p] || im !== want[2 * p + 1]) differ++;
    }
    expect(differ).toBe(0);
    // With a linear term: out + linear∘ζ̂, as a separate pass would add it.
    const linear = noise(fft.specLength, 2), withLinear = new Float64Array(fft.specLength);
    adv.advect(zeta, forcing, withLinear, linear);
    for (let p = 0; p < got.length; p++) if (withLinear[p] !== got[p] + linear[p] * zeta[p]) differ++;
    expect(differ).toBe(0);
  });
});

describe("RealFft2 lane layout", () => {
  it("inverseLanes_ then forwardLanes_ equal inverse_ and forward_ through the documented layout", () => {
    const nx = 16, ny = 8, H = ny / 2, f = new RealFft2(nx, ny), spec = f.forward(noise(nx * ny, 4));
    const lanes = new Float64Array(nx * ny), grid = f.inverse(spec);
    f.inverseLanes_(spec, lanes);
    for (let j = 0; j < H; j++) for (let i = 0; i < nx; i++) {
      expect(lanes[2 * (i * H + j)] / (nx * ny)).toBe(grid[j * nx + i]);
      expect(lanes[2 * (i * H + j) + 1] / (nx * ny)).toBe(grid[(j + H) * nx + i]);
    }
    const x = noise(nx * ny, 8), packed = new Float64Array(nx * ny), rows = f.laneRow;
    for (let j = 0; j < H; j++) for (let i = 0; i < nx; i++) {
      packed[2 * (rows[i] * H + j)] = x[j * nx + i]; packed[2 * (rows[i] * H + j) + 1] = x[(j + H) * nx + i];
    }
    const a = new Float64Array(f.specLength);
    f.forwardLanes_(packed, a);
    expect(Array.from(a)).toEqual(Array.from(f.forward(x)));
  });

  it.each([[1, true, 32], [-1, true, 128], [1, false, 32], [1, true, 8], [-1, false, 16], [1, true, 4]] as const)("inverseLanesIk_ equals inverseLanes_ of the formed spectrum σ·i·k∘(c∘X), bit for bit (σ = %i, c given: %s, ny = %i: fused 8-row first pass when log2 ny is odd)", (sign, withC, ny) => {
    const nx = 16, f = new RealFft2(nx, ny), X = f.forward(noise(nx * ny, 6)), modes = f.specLength / 2;
    const k = noise(modes, 1), c = noise(modes, 2), formed = new Float64Array(f.specLength);
    for (let p = 0; p < modes; p++) {
      const cr = withC ? c[p] * X[2 * p] : X[2 * p], ci = withC ? c[p] * X[2 * p + 1] : X[2 * p + 1], kk = sign * k[p];
      formed[2 * p] = -kk * ci; formed[2 * p + 1] = kk * cr;
    }
    const a = new Float64Array(nx * ny), b = new Float64Array(nx * ny);
    f.inverseLanes_(formed, a);
    f.inverseLanesIk_(X, k, withC ? c : null, sign, b);
    expect(Array.from(b)).toEqual(Array.from(a));
  });
});
