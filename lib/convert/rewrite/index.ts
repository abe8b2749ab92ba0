export { foldAtrous } from "@/lib/convert/rewrite/atrous";
export { dropExactTrailingResize, dropTrailingArgmax, dropTrailingDequantize } from "@/lib/convert/rewrite/trailing";
export { dropIdentityResize } from "@/lib/convert/rewrite/identity";
export { splitImagePooling } from "@/lib/convert/rewrite/image-pooling";
