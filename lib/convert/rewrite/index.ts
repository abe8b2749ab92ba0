export { foldAtrous } from "./atrous";
export { dropExactTrailingResize, dropTrailingArgmax, dropTrailingDequantize } from "./trailing";
export { dropIdentityResize } from "./identity";
export { splitImagePooling } from "./image-pooling";
