export { foldAtrous } from "./atrous";
export { dropExactTrailingResize, dropTrailingArgmax, dropTrailingDequantize } from "./trailing";
