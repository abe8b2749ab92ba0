import { Context, type QuantOptions } from "@/lib/convert/context";
import { HANDLERS } from "@/lib/convert/ops";
import { declareDims } from "@/lib/convert/onnx/dims";
import { writeOnnx } from "@/lib/convert/onnx/write";
import {
  dropExactTrailingResize,
  dropIdentityResize,
  dropTrailingArgmax,
  dropTrailingDequantize,
  foldAtrous,
  splitImagePooling,
} from "@/lib/convert/rewrite";
import { ConvertError, nchwShape } from "@/lib/convert/tensors";
import { readTflite, type TfGraph } from "@/lib/convert/tflite/reader";
import { validateGraph } from "@/lib/convert/validate";
import { INPUT_NAME, OUTPUT_NAME } from "@/lib/contract";

export { ConvertError } from "@/lib/convert/tensors";
export { TfliteFormatError } from "@/lib/convert/tflite/table";

export interface ConvertOptions extends QuantOptions {
  /** For float inputs: the model expects (x − mean) / std of 0–255 RGB. Quantized inputs carry their own. */
  mean?: number | number[];
  std?: number | number[];
  /** Keep a trailing align-corners resize even where the app's upsampling reproduces it exactly. */
  keepFinalResize?: boolean;
  /** Keep the image-pooling resize + concat as in the source instead of splitting the projection. */
  keepImagePooling?: boolean;
  /** Also output every activation, named by its TFLite tensor name (for calibration). Implies a static graph. */
  exposeActivations?: boolean;
  /** Symbolic input height and width ("height", "width") where the network allows; else static, see `pins`. */
  flexible?: boolean;
  /** Told as each phase starts. */
  onPhase?: (phase: ConvertPhase) => void;
}

export type ConvertPhase = "read" | "rewrite" | "convert" | "write";

export interface ConvertResult {
  onnx: Uint8Array;
  inputSize: number;
  outputSize: number;
  classes: number;
  /** Op counts of the source, after rewrites. */
  sourceOps: Record<string, number>;
  /** The graph takes any input height and width (`inputSize` is then the source's size). */
  flexible: boolean;
  /** Why a graph asked to be flexible stayed static. */
  pins: string[];
}

export function convertTflite(bytes: Uint8Array, options: ConvertOptions = {}): ConvertResult {
  options.onPhase?.("read");
  return convertGraph(readTflite(bytes), options);
}

export function convertGraph(source: TfGraph, options: ConvertOptions = {}): ConvertResult {
  const flexible = !!options.flexible && !options.exposeActivations;
  const result = convertOnce(source, options, flexible);
  return result.pins.length ? { ...convertOnce(source, options, false), pins: result.pins } : result;
}

function convertOnce(source: TfGraph, options: ConvertOptions, flexible: boolean): ConvertResult {
  validateGraph(source);
  options.onPhase?.("rewrite");
  let graph = dropIdentityResize(foldAtrous(dropTrailingDequantize(dropTrailingArgmax(source))));
  if (!options.keepFinalResize) graph = dropExactTrailingResize(graph);
  if (!options.keepImagePooling) graph = splitImagePooling(graph);
  checkSupported(graph);
  if (graph.inputs.length !== 1 || graph.outputs.length !== 1) {
    throw new ConvertError(
      `graph inputs and outputs: expected one input and one output, found ${graph.inputs.length} and ${graph.outputs.length}`,
    );
  }
  const quant = { qdq: options.qdq, ranges: options.ranges, floatActivations: options.floatActivations };
  const ctx = new Context(graph, quant, flexible);
  const inputShape = graph.tensors[graph.inputs[0]].shape;
  const [batch, size, width, channels] = inputShape;
  if (inputShape.length !== 4 || batch !== 1 || size !== width || channels !== 3 || !(size >= 1))
    throw new ConvertError(`graph input must be [1,S,S,3], found [${inputShape}]`);
  options.onPhase?.("convert");
  const input = normalizedInput(ctx, options);
  if (options.qdq) ctx.produce(graph.inputs[0], input);
  else ctx.bind(graph.inputs[0], input);

  for (const op of graph.ops) {
    try {
      HANDLERS[op.name](op, ctx);
    } catch (e) {
      if (e instanceof ConvertError) throw new ConvertError(`operator ${op.index} (${op.name}): ${e.message}`);
      throw e;
    }
  }

  const out = graph.tensors[graph.outputs[0]];
  const [, outH, outW, classes] = out.shape;
  if (out.shape.length !== 4 || out.shape[0] !== 1 || outH !== outW)
    throw new ConvertError(`graph output must be [1,s,s,classes], found [${out.shape}]`);
  const g = ctx.onnx;
  g.nodes.push({
    opType: "Identity",
    inputs: [ctx.input(out.index)],
    outputs: [OUTPUT_NAME],
    attrs: {},
    name: "logits_identity",
  });
  if (options.exposeActivations) {
    for (const [index, value] of ctx.activations()) {
      const t = graph.tensors[index];
      g.nodes.push({ opType: "Identity", inputs: [value], outputs: [`calib:${t.name}`], attrs: {}, name: "" });
      g.outputs.push({ name: `calib:${t.name}`, type: "float32", dims: nchwShape(t.shape) });
    }
  }
  const symbolic = flexible && !ctx.pins.length;
  const outDims = symbolic
    ? (declareDims(g, INPUT_NAME, OUTPUT_NAME) ?? [1, classes, "logits_height", "logits_width"])
    : nchwShape(out.shape);
  g.inputs.push({ name: INPUT_NAME, type: "float32", dims: symbolic ? [1, 3, "height", "width"] : [1, 3, size, size] });
  g.outputs.push({ name: OUTPUT_NAME, type: "float32", dims: outDims });

  options.onPhase?.("write");
  const sourceOps: Record<string, number> = {};
  for (const op of graph.ops) sourceOps[op.name] = (sourceOps[op.name] ?? 0) + 1;
  return {
    onnx: writeOnnx(g, { producer: "deeplab-web tflite2onnx" }),
    inputSize: size,
    outputSize: outH,
    classes,
    sourceOps,
    flexible: flexible && !ctx.pins.length,
    pins: ctx.pins,
  };
}

/** Lists every op without a handler at once, before anything is emitted. */
function checkSupported(graph: TfGraph) {
  const missing = new Map<string, number>();
  for (const op of graph.ops) if (!HANDLERS[op.name]) missing.set(op.name, (missing.get(op.name) ?? 0) + 1);
  if (missing.size) {
    const list = [...missing].map(([name, n]) => `${name} (×${n})`).join(", ");
    throw new ConvertError(`unsupported TFLite op${missing.size > 1 ? "s" : ""}: ${list}`);
  }
}

/** The graph takes 0–255 RGB in NCHW; each source's own input scaling is folded in here. */
function normalizedInput(ctx: Context, options: ConvertOptions): string {
  const g = ctx.onnx;
  g.fresh(INPUT_NAME);
  const t = ctx.tensor(ctx.tf.inputs[0]);
  let scale: number | number[];
  let offset: number | number[];
  if (t.type === "float32") {
    const mean = [options.mean ?? 127.5].flat();
    const std = [options.std ?? 127.5].flat();
    if (!(mean.length === 1 || mean.length === 3) || !(std.length === 1 || std.length === 3) || std.includes(0))
      throw new ConvertError(`input normalisation needs 1 or 3 means and non-zero stds, found [${mean}] and [${std}]`);
    const channels = mean.length === 3 || std.length === 3 ? [0, 1, 2] : [0];
    scale = channels.map((c) => 1 / std[std.length === 3 ? c : 0]);
    offset = channels.map((c) => -mean[mean.length === 3 ? c : 0] / std[std.length === 3 ? c : 0]);
  } else if ((t.type === "uint8" || t.type === "int8") && t.quant) {
    const zp = (t.quant.zeroPoint[0] ?? 0) + (t.type === "int8" ? 128 : 0);
    scale = t.quant.scale[0];
    offset = -zp * scale;
  } else {
    throw new ConvertError(`graph input "${t.name}" has type ${t.type} without quantization parameters`);
  }
  const constant = (name: string, v: number | number[]) =>
    typeof v === "number" || v.length === 1 ? g.floats(name, [], [v].flat()) : g.floats(name, [1, 3, 1, 1], v);
  const scaled = g.node("Mul", [INPUT_NAME, constant("input_scale", scale)], {}, "image_scaled");
  return g.node("Add", [scaled, constant("input_offset", offset)], {}, "image_normalized");
}
