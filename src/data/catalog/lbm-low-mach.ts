/**
 * The lattice-Boltzmann Kármán street of notebook 11 at a lattice velocity that keeps the flow
 * subsonic in the lattice sense at Re = 150: the builder and arrays of `lbm-vortex-street`, with
 * the paper scale at U = 0.08 and D = 24 nodes. At U = 0.1 and D = 20 (lbm-vortex-street's paper
 * scale) the flow round the cylinder's sides reaches |u|·√3 = 0.31 in the start-up transient
 * (about 1.8 U there) and the lattice refuses it (maxMach 0.3); at U = 0.08 the same acceleration
 * stays near 0.25. D = 24 keeps the BGK relaxation time τ = 3UD/Re + ½ above the stable 0.535.
 * Times scale as D/U: the spin-up and the snapshot spacing are stretched by 1.5 against D = 20,
 * U = 0.1, so a shedding period still spans about 40 snapshots. The quick scale is
 * lbm-vortex-street's own.
 */
import { getDataset, registerDataset } from "../registry";

const street = getDataset("lbm-vortex-street");

registerDataset({
  ...street,
  name: "lbm-vortex-street-low-mach",
  description: `${street.description} The paper scale runs at a lattice velocity of 0.08 (Mach ≤ 0.3 round the cylinder at Re = 150).`,
  purpose: "Notebook 11 (information bottleneck), both scales: a 2D latent of the snapshots forms a ring whose angle tracks the shedding phase.",
  scales: {
    quick: street.scales.quick,
    paper: { reynolds: 150, diameter: 24, velocity: 0.08, length: 20, width: 8, spinUp: 18000, snapshots: 2000, snapshotEvery: 40, coarsen: 3 },
  },
});
