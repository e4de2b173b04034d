// danfojs-node only needs the tfjs API (tensors for DataFrame internals); it does not need native ops.
module.exports = require("@tensorflow/tfjs");
