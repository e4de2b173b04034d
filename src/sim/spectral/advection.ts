/**
 * The pseudo-spectral advection step shared by the 2D vorticity models (Navier–Stokes, barotropic
 * QG): from the vorticity spectrum ζ̂ to the grid fields u = −∂ψ/∂y, v = ∂ψ/∂x, ∂ζ/∂x, ∂ζ/∂y
 * (ζ = ∇²ψ), and from a grid product the caller forms (e.g. u·∂ζ/∂x + v·∂ζ/∂y) back to the tendency
 * −P_{2/3}·FFT(product) + F̂ (Orszag 1971), with the mean mode set to zero. Spectra use RealFft2's
 * layout ([ny, nx/2+1] complex interleaved); grid fields are [ny, nx], rows = y, float64.
 */
import type { RealFft2 } from "./fft";
import type { SpectralGrid2 } from "./grid";

export class VorticityAdvection {
  /** Grid fields [ny, nx] written by `toGrid`: velocity (u, v) and vorticity gradient (ζx, ζy). */
  readonly u: Float64Array;
  readonly v: Float64Array;
  readonly zx: Float64Array;
  readonly zy: Float64Array;
  /** Grid scratch [ny, nx] the caller fills with the advective product before `tendency`. */
  readonly product: Float64Array;
  private readonly uh: Float64Array;
  private readonly vh: Float64Array;
  private readonly zxh: Float64Array;
  private readonly zyh: Float64Array;
  private readonly producth: Float64Array;
  /** −1/|k|² per mode (0 for the mean): ψ̂ = invLaplacian·ζ̂. */
  private readonly invLaplacian: Float64Array;
  /** x-modes i < dealiasModes hold every mode the 2/3 mask keeps; the forward FFT skips the others. */
  private readonly dealiasModes: number;
  /** RealFft2 lane-layout buffers for `advect`: u, v, ζx, ζy and the product (made on first use). */
  private lanes?: Float64Array[];

  /** `grid` and `fft` must describe the same [ny, nx] grid. */
  constructor(readonly grid: SpectralGrid2, readonly fft: RealFft2) {
    if (grid.nx !== fft.nx || grid.ny !== fft.ny) {
      throw new RangeError(`VorticityAdvection: grid [${grid.ny}, ${grid.nx}] and fft [${fft.ny}, ${fft.nx}] must have the same shape`);
    }
    const spec = () => new Float64Array(fft.specLength), field = () => new Float64Array(grid.nx * grid.ny);
    this.uh = spec(); this.vh = spec(); this.zxh = spec(); this.zyh = spec(); this.producth = spec();
    this.u = field(); this.v = field(); this.zx = field(); this.zy = field(); this.product = field();
    const { k2, dealias, nxh } = grid;
    this.invLaplacian = new Float64Array(k2.length);
    for (let p = 0; p < k2.length; p++) this.invLaplacian[p] = k2[p] > 0 ? -1 / k2[p] : 0;
    let modes = 0;
    for (let p = 0; p < dealias.length; p++) if (dealias[p] !== 0) modes = Math.max(modes, (p % nxh) + 1);
    this.dealiasModes = modes;
  }

  /** Writes u, v, ∂ζ/∂x and ∂ζ/∂y on the grid from ζ̂ (no validation: called once per stage). */
  toGrid(zeta: Float64Array): void {
    this.spectra(zeta);
    const { fft, uh, vh, zxh, zyh } = this;
    fft.inverse_(uh, this.u); fft.inverse_(vh, this.v); fft.inverse_(zxh, this.zx); fft.inverse_(zyh, this.zy);
  }

  /**
   * The plain advection term: out = −P_{2/3}·FFT(u·∂ζ/∂x + v·∂ζ/∂y) + forcing, the mean mode 0 —
   * the same numbers as toGrid, that product on the grid, then tendency — returning max(|u| + |v|)
   * over the grid. The product is formed in RealFft2's lane layout (no transposes); the grid fields
   * u, v, zx, zy and product are not written. With `linear` (per real and imaginary part, ζ̂'s
   * layout) out also gets + linear∘ζ̂: the full right-hand side of a model dζ̂/dt = L∘ζ̂ + N(ζ̂).
   */
  advect(zeta: Float64Array, forcing: Float64Array, out: Float64Array, linear?: Float64Array): number {
    const { fft, invLaplacian: s } = this, { kxDeriv: kx, kyDeriv: ky } = this.grid;
    const [lu, lv, lzx, lzy, lp] = (this.lanes ??= Array.from({ length: 5 }, () => new Float64Array(fft.nx * fft.ny)));
    // û = −i·ky·ψ̂, v̂ = i·kx·ψ̂ (ψ̂ = s∘ζ̂), i·kx·ζ̂, i·ky·ζ̂: the arithmetic of `spectra`, inside the copies.
    fft.inverseLanesIk_(zeta, ky, s, -1, lu); fft.inverseLanesIk_(zeta, kx, s, 1, lv);
    fft.inverseLanesIk_(zeta, kx, null, 1, lzx); fft.inverseLanesIk_(zeta, ky, null, 1, lzy);
    // The lanes hold nx·ny times the grid values; the scale 1/(nx·ny) is a power of two, so
    // (u·s)(ζx·s) + (v·s)(ζy·s) = (u·ζx + v·ζy)·s² and |u·s| + |v·s| = (|u| + |v|)·s exactly (for
    // results above the subnormal range): the numbers of the grid product, four multiplications fewer.
    const scale = 1 / (fft.nx * fft.ny), scale2 = scale * scale, rows = fft.laneRow, ts = fft.ny; // doubles per lane row
    let speed = 0;
    for (let i = 0; i < fft.nx; i++) {
      for (let c = 0, src = i * ts, dst = rows[i] * ts; c < ts; c++) {
        const u = lu[src + c], v = lv[src + c];
        lp[dst + c] = (u * lzx[src + c] + v * lzy[src + c]) * scale2;
        const s = Math.abs(u) + Math.abs(v);
        if (s > speed) speed = s;
      }
    }
    speed *= scale;
    fft.forwardLanes_(lp, this.producth, this.dealiasModes); // the modes it skips are masked out
    this.masked(forcing, out, zeta, linear);
    return speed;
  }

  /** ψ̂-derived spectra û, v̂ and ∂ζ/∂x, ∂ζ/∂y of ζ̂ into uh, vh, zxh, zyh. */
  private spectra(zeta: Float64Array): void {
    const { uh, vh, zxh, zyh, invLaplacian: s } = this, { kxDeriv: kx, kyDeriv: ky } = this.grid;
    // operators.velocityFromVorticity and operators.derivative (same arithmetic) in one pass.
    for (let p = 0; p < s.length; p++) {
      const zr = zeta[2 * p], zi = zeta[2 * p + 1], pr = s[p] * zr, pi = s[p] * zi;
      uh[2 * p] = ky[p] * pi; uh[2 * p + 1] = -ky[p] * pr; // û = −i·ky·ψ̂
      vh[2 * p] = -kx[p] * pi; vh[2 * p + 1] = kx[p] * pr; // v̂ = i·kx·ψ̂
      zxh[2 * p] = -kx[p] * zi; zxh[2 * p + 1] = kx[p] * zr; // i·kx·ζ̂
      zyh[2 * p] = -ky[p] * zi; zyh[2 * p + 1] = ky[p] * zr;
    }
  }

  /** out = −P_{2/3}·FFT(product) + forcing (same layout as ζ̂); the mean mode of out is 0. */
  tendency(forcing: Float64Array, out: Float64Array): void {
    this.fft.forward_(this.product, this.producth, this.dealiasModes); // the modes it skips are masked out
    this.masked(forcing, out);
  }

  /** out = −P_{2/3}·producth + forcing, mean mode 0; then + linear∘ζ̂ if `linear` is given. */
  private masked(forcing: Float64Array, out: Float64Array, zeta?: Float64Array, linear?: Float64Array): void {
    const { producth } = this, dealias = this.grid.dealias;
    if (zeta === undefined || linear === undefined) {
      for (let p = 0; p < dealias.length; p++) {
        out[2 * p] = -dealias[p] * producth[2 * p] + forcing[2 * p];
        out[2 * p + 1] = -dealias[p] * producth[2 * p + 1] + forcing[2 * p + 1];
      }
      out[0] = 0; out[1] = 0;
      return;
    }
    for (let p = 0; p < dealias.length; p++) {
      out[2 * p] = -dealias[p] * producth[2 * p] + forcing[2 * p] + linear[2 * p] * zeta[2 * p];
      out[2 * p + 1] = -dealias[p] * producth[2 * p + 1] + forcing[2 * p + 1] + linear[2 * p + 1] * zeta[2 * p + 1];
    }
    out[0] = 0 + linear[0] * zeta[0]; out[1] = 0 + linear[1] * zeta[1];
  }
}
