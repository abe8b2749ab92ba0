import type { Context } from "@/lib/convert/context";
import type { TfOp } from "@/lib/convert/tflite/reader";

/** Converts one TFLite operator into ONNX nodes, binding its outputs in the context. */
export type Handler = (op: TfOp, ctx: Context) => void;
