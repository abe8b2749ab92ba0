import { OnnxGraph } from "@/lib/convert/onnx/graph";
import type { TfGraph, TfOp, TfTensor } from "@/lib/convert/tflite/reader";
import { ACTIVATIONS } from "@/lib/convert/tflite/schema";
import { ConvertError, dequantize, nchwShape, rawValues, toChannelsFirst } from "@/lib/convert/tensors";

export interface Constant {
  shape: number[];
  data: Float32Array;
}

const QUANTIZED = new Set(["uint8", "int8"]);

/**
 * QDQ graphs carry every integer tensor as uint8, int8 ones shifted by this much: the same values on
 * the same grid. onnxruntime fuses int8 weights into u8s8 kernels, and without VNNI its x86 u8s8
 * kernels add pairs of products in 16 bits with saturation; u8u8 kernels widen first and are exact.
 */
export const UINT8_SHIFT = 128;

/** Affine quantization of one activation tensor: real = scale · (q − zeroPoint). */
export interface ActivationQuant {
  scale: number;
  zeroPoint: number;
  type: "uint8" | "int8";
}

export interface QuantOptions {
  /**
   * Emit QuantizeLinear/DequantizeLinear (with int8/uint8 weights) where activations are quantized,
   * so the runtime executes integer kernels; otherwise activations are rounded with float ops.
   */
  qdq?: boolean;
  /** Calibrated [min, max] per TFLite tensor name, quantizing float sources to uint8. */
  ranges?: Record<string, [number, number]>;
  /**
   * Keep every activation float, ignoring its quantization: dequantized weights, plain float ops.
   * For WebGPU, which has no integer kernels and runs Q/DQ or Round ops on the CPU.
   */
  floatActivations?: boolean;
}

/** uint8 parameters covering [min, max] (widened to include 0), with 0 exactly representable. */
export function rangeQuant(min: number, max: number): ActivationQuant {
  const lo = Math.min(0, min);
  const hi = Math.max(0, max, lo + 1e-6);
  const scale = (hi - lo) / 255;
  return { scale, zeroPoint: Math.min(255, Math.max(0, Math.round(-lo / scale))), type: "uint8" };
}

const CLIP_RANGES: Record<string, [number, number]> = { RELU: [0, Infinity], RELU6: [0, 6], RELU_N1_TO_1: [-1, 1] };

/**
 * A clipping activation followed by quantization changes nothing when the quantized grid saturates
 * exactly at the clip bounds. Dropping it is exact and spares ORT's QDQ fusions a Clip they mishandle.
 */
function clipIsRedundant(activation: string, q: ActivationQuant): boolean {
  const bounds = CLIP_RANGES[activation];
  if (!bounds) return false;
  const [qmin, qmax] = q.type === "uint8" ? [0, 255] : [-128, 127];
  const level = (v: number) => Math.min(qmax, Math.max(qmin, Math.round(v / q.scale) + q.zeroPoint));
  return level(bounds[0]) === qmin && (bounds[1] === Infinity || level(bounds[1]) === qmax);
}

/** State shared by the op handlers: which ONNX value stands for each TFLite tensor. */
export class Context {
  readonly onnx = new OnnxGraph();
  private values = new Map<number, string>();
  private folded = new Map<number, Constant>();

  /** Why the graph must keep the source's fixed input size; empty while it can be flexible. */
  readonly pins: string[] = [];

  constructor(
    readonly tf: TfGraph,
    readonly quant: QuantOptions = {},
    /** Emit nodes that work at any input height and width, not only the source's. */
    readonly flexible = false,
  ) {}

  /** Records that the graph can only run at the source's input size, and why. */
  pin(reason: string) {
    this.pins.push(reason);
  }

  /** How an activation is quantized: natively by the source, by calibration, or not at all. */
  quantOf(index: number): ActivationQuant | undefined {
    const t = this.tensor(index);
    if (t.data || this.quant.floatActivations) return undefined;
    if (t.quant && QUANTIZED.has(t.type)) {
      if (t.quant.scale.length !== 1) throw new ConvertError(`activation "${t.name}" has per-channel quantization`);
      return { scale: t.quant.scale[0], zeroPoint: t.quant.zeroPoint[0] ?? 0, type: t.type as ActivationQuant["type"] };
    }
    const range = this.quant.ranges?.[t.name];
    return range ? rangeQuant(range[0], range[1]) : undefined;
  }

  tensor(index: number): TfTensor {
    const t = this.tf.tensors[index];
    if (!t) throw new ConvertError(`tensor ${index} does not exist`);
    return t;
  }

  isConstant(index: number): boolean {
    return this.folded.has(index) || !!this.tensor(index).data;
  }

  /** TFLite activation tensors produced so far, with the ONNX value holding each. */
  activations(): [index: number, value: string][] {
    return [...this.values].filter(([i]) => !this.isConstant(i));
  }

  bind(index: number, value: string) {
    this.values.set(index, value);
  }

  /** A constant input as float32 in its TFLite (NHWC / OHWI) layout. */
  constant(index: number): Constant {
    const folded = this.folded.get(index);
    if (folded) return folded;
    const t = this.tensor(index);
    if (!t.data) throw new ConvertError(`tensor "${t.name}" must be a constant here`);
    return { shape: t.shape, data: dequantize(t) };
  }

  fold(index: number, value: Constant) {
    this.folded.set(index, value);
  }

  ints(index: number): number[] {
    return Array.from(rawValues(this.tensor(index)));
  }

  /** The ONNX value for a tensor; constants become initializers laid out to broadcast in NCHW. */
  input(index: number): string {
    const known = this.values.get(index);
    if (known) return known;
    if (!this.isConstant(index))
      throw new ConvertError(`tensor "${this.tensor(index).name}" is used before it is produced`);
    const { shape: given, data } = this.constant(index);
    // A rank-2/3 constant broadcasts against NHWC activations as if it had leading 1s.
    const shape = given.length === 2 || given.length === 3 ? [...Array(4 - given.length).fill(1), ...given] : given;
    const t = this.tensor(index);
    const name =
      shape.length === 4
        ? this.onnx.floats(t.name, nchwShape(shape), toChannelsFirst(data, shape))
        : shape.length === 1
          ? this.onnx.floats(t.name, [shape[0], 1, 1], data)
          : this.onnx.floats(t.name, shape, data);
    this.values.set(index, name);
    return name;
  }

  /** Binds an op's output, applying the fused activation and, for quantized tensors, quantization. */
  output(op: TfOp, value: string, k = 0) {
    const index = op.outputs[k];
    const code = op.options.activation ?? 0;
    const q = this.quantOf(index);
    const redundant = q && clipIsRedundant(ACTIVATIONS[code], q);
    this.produce(index, redundant ? value : this.activation(value, code, this.tensor(index).name));
  }

  /** Binds a float value to a tensor, through Q/DQ or rounding when the tensor is quantized. */
  produce(index: number, value: string) {
    const q = this.quantOf(index);
    const name = this.tensor(index).name;
    this.values.set(index, !q ? value : this.quant.qdq ? this.qdq(value, q, name) : this.fakeQuant(value, q, name));
  }

  /** Scale and zero point on the uint8 grid: an int8 grid is the same grid shifted by 128 (see UINT8_SHIFT). */
  quantParams(q: ActivationQuant, hint: string): [scale: string, zeroPoint: string] {
    const g = this.onnx;
    const zp = Uint8Array.of(q.zeroPoint + (q.type === "int8" ? UINT8_SHIFT : 0));
    return [g.floats(`${hint}/scale`, [], [q.scale]), g.constant(`${hint}/zero_point`, "uint8", [], zp)];
  }

  private qdq(value: string, q: ActivationQuant, hint: string): string {
    const params = this.quantParams(q, hint);
    const quantized = this.onnx.node("QuantizeLinear", [value, ...params], {}, `${hint}/q`);
    return this.onnx.node("DequantizeLinear", [quantized, ...params], {}, `${hint}/dq`);
  }

  private activation(value: string, code: number, hint: string): string {
    const name = ACTIVATIONS[code];
    if (name === "NONE") return value;
    if (name === "RELU") return this.onnx.node("Relu", [value], {}, `${hint}/relu`);
    if (name === "RELU6") return this.clip(value, 0, 6, `${hint}/relu6`);
    if (name === "RELU_N1_TO_1") return this.clip(value, -1, 1, `${hint}/relu1`);
    if (name === "TANH") return this.onnx.node("Tanh", [value], {}, `${hint}/tanh`);
    throw new ConvertError(`fused activation ${name ?? code} is not supported (tensor "${hint}")`);
  }

  private clip(value: string, lo: number, hi: number, hint: string): string {
    const g = this.onnx;
    return g.node("Clip", [value, g.floats("clip_min", [], [lo]), g.floats("clip_max", [], [hi])], {}, hint);
  }

  /**
   * Rounds a float value onto the tensor's integer grid, as TFLite's integer kernels do. Plain float
   * ops rather than a Q/DQ pair: ORT's QDQ fusions break on Q/DQ pairs around float-weight convs.
   */
  fakeQuant(value: string, q: ActivationQuant, hint: string): string {
    const [lo, hi] = q.type === "uint8" ? [0, 255] : [-128, 127];
    const g = this.onnx;
    const scale = g.floats(`${hint}/scale`, [], [q.scale]);
    const steps = g.node("Round", [g.node("Div", [value, scale], {}, `${hint}/div`)], {}, `${hint}/round`);
    return g.node(
      "Mul",
      [this.clip(steps, lo - q.zeroPoint, hi - q.zeroPoint, `${hint}/saturate`), scale],
      {},
      `${hint}/fq`,
    );
  }
}
