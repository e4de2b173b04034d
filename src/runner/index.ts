// Public API of src/runner. Each module of this folder is re-exported here; internals are not.
export {};
