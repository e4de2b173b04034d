// Public API of src/sensitivity: how a model's output depends on its input. For now the Jacobian
// (reverse mode, rows batched); gradients × input, integrated gradients, Grad-CAM and local
// attribution maps join it (DESIGN.md).
export { jacobian, jacobianDifference } from "./jacobian";
export type { Jacobian, JacobianOptions } from "./jacobian";
