// Public API of src/plot. Each module of this folder is re-exported here; internals are not.
export {};
