// Public API of src/data. Each module of this folder is re-exported here; internals are not.
export {};
