// Public API of src/core. Each module of this folder is re-exported here; internals are not.
export { Rng } from "./random";
