// nn.equivariant: rotation-equivariant layers for scalar and vector fields (C1/C2/C4, exact by weight
// sharing), field types that travel with the data, the equivariance error, and the L-conv layer for
// learning symmetry generators with the reference generators it is compared with.
export { FieldType, GROUPS, REPRESENTATIONS, groupOrder } from "./field-type";
export type { FieldTypeJSON, GroupName, Monomial, RepresentationName } from "./field-type";
export { GeometricTensor, permuteChannels } from "./geometric-tensor";
export { EquivariantConv2d } from "./conv";
export type { EquivariantConv2dConfig } from "./conv";
export { EquivariantUpsample, subpixelRepresentation } from "./upsample";
export type { EquivariantUpsampleConfig } from "./upsample";
export { EquivariantSRNet } from "./sr-net";
export type { EquivariantSRNetConfig } from "./sr-net";
export { EQUIVARIANT_PADDINGS } from "./shared-conv";
export type { EquivariantPadding } from "./shared-conv";
export { equivarianceError } from "./equivariance";
export type { EquivarianceError } from "./equivariance";
export { LConv } from "./lconv";
export type { LConvConfig } from "./lconv";
export { fourierDiagonal, fourierDiagonalFraction, matrixCosine, ringDerivative, rotationGenerator, symmetricFraction } from "./generators";
