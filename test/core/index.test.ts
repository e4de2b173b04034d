import { describe, expect, it } from "vitest";
import * as core from "../../src/core";

describe("core public API", () => {
  it("exports exactly the documented names (no internals such as DFT matrices or name resolution)", () => {
    expect(Object.keys(core).sort()).toEqual([
      "BACKEND_LADDER", "Rng", "backendInfo", "conv2d", "gaussianRandomField", "guardRightOperand", "initBackend",
      "irdft1", "irdft2", "keptFrequencies", "matMul", "pixelShuffle", "pixelUnshuffle", "randomNormalTensor",
      "randomUniformTensor", "rdft1", "rdft2", "rot90", "rot90Field", "rot90Vector", "rot90VectorField", "subpixelUpsample",
      // custom-gradient ops shared by src/nn's layers
      "addRows", "batchMatMul", "circularPad", "dense", "modeMix", "onesRow",
      // reading a tidy scope's result
      "readTensor",
      // the argument checks, defined once
      "checkBoolean", "checkChannels", "checkFinite", "checkFunction", "checkInt", "checkObject", "checkOneOf", "checkPositive", "checkShape", "checkTensor",
      "describe", "shapeString",
      // the notebook ↔ runner contract (types plus these constants)
      "CHECK_MIME", "SCALES", "VEGA_LITE_MIME",
    ].sort());
  });
});
