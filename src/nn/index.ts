// Public API of src/nn. Each module of this folder is re-exported here; internals are not.
export {};
