// The built-in datasets. Each module registers its entries on import; add new ones here.
import "./urban";
import "./lbm";
