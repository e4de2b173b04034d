// The built-in datasets. Each module registers its entries on import; add new ones here.
import "./urban";
import "./urban-sr";
import "./urban-fine";
import "./lbm";
import "./lbm-low-mach"; // after ./lbm: it reuses lbm-vortex-street's builder
import "./burgers";
import "./navier-stokes";
import "./lorenz96";
import "./equivariant-sr";
import "./symmetry-discovery";
import "./lorenz96-ensembles";
import "./lorenz96-states";
import "./super-resolution";
import "./barotropic-srda";
import "./barotropic-mountains";
