// Public API of src/sim. Each module of this folder is re-exported here; internals are not.
export {};
