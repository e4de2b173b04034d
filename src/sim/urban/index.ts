// Filled by helper H5b.
export {};
