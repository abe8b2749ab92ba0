import type { Context } from "../context";
import type { TfOp } from "../tflite/reader";

/** Converts one TFLite operator into ONNX nodes, binding its outputs in the context. */
export type Handler = (op: TfOp, ctx: Context) => void;
