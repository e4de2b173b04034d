// Public API of src/notebook. Each module of this folder is re-exported here; internals are not.
export {};
