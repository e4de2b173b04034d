// Public API of src/kernel. Each module of this folder is re-exported here; internals are not.
export {};
