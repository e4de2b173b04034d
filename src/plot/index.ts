// Public API of src/plot: Vega-Lite v5 builders (pure: they return spec objects) and rendering.
// Each builder lives in its own module; the notebook layer (src/notebook) turns specs into figures.
export { field, type Field2D, type FieldInput, type FieldOptions, type FloatArray, type Grid, type TensorLike } from "./field";
export { type Spec, VEGA_LITE_SCHEMA, layer, hconcat, vconcat, grid, type ColorResolve } from "./compose";
export { type ColorOptions } from "./colormap";
export { type MaskInput, MASK_COLOR } from "./mask";
export { heatmap, RECT_LIMIT, type HeatmapOptions } from "./heatmap";
export { panels, type Panel, type PanelsOptions } from "./panels";
export { vectorField, vorticity, type VectorFieldOptions } from "./vector-field";
export { attributionMap, type AttributionMapOptions, type PointInput } from "./attribution";
export { eigenmodes, type EigenmodesOptions, type Complex } from "./eigenmodes";
export { spectrum, type SpectrumSeries, type SpectrumOptions, type Slope } from "./spectrum";
export { line, type LineOptions } from "./line";
export { scatter, type ScatterOptions } from "./scatter";
export { type Series, type XYOptions } from "./series";
export { ibCurve, type IBPoint, type IBCurveOptions } from "./ib-curve";
export { render, FONT_DIR, type RenderOptions, type Rendering } from "./render";
export { encodePng, pngSize, PNG_SIGNATURE } from "./png";
