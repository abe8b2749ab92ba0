import { OnnxGraph } from "./onnx/graph";
import type { TfGraph, TfOp, TfTensor } from "./tflite/reader";
import { ACTIVATIONS } from "./tflite/schema";
import { ConvertError, dequantize, nchwShape, rawValues, toChannelsFirst } from "./tensors";

export interface Constant {
  shape: number[];
  data: Float32Array;
}

const QUANTIZED = new Set(["uint8", "int8"]);

/** State shared by the op handlers: which ONNX value stands for each TFLite tensor. */
export class Context {
  readonly onnx = new OnnxGraph();
  private values = new Map<number, string>();
  private folded = new Map<number, Constant>();

  constructor(readonly tf: TfGraph) {}

  tensor(index: number): TfTensor {
    return this.tf.tensors[index];
  }

  isConstant(index: number): boolean {
    return this.folded.has(index) || !!this.tensor(index).data;
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
    if (!this.isConstant(index)) throw new ConvertError(`tensor "${this.tensor(index).name}" is used before it is produced`);
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

  /** Binds an op's output, applying the fused activation and, for quantized tensors, fake quantization. */
  output(op: TfOp, value: string, k = 0) {
    const t = this.tensor(op.outputs[k]);
    let v = this.activation(value, op.options.activation ?? 0, t.name);
    if (t.quant && QUANTIZED.has(t.type)) v = this.fakeQuant(v, t);
    this.values.set(t.index, v);
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
   * ops rather than QuantizeLinear/DequantizeLinear: ORT's QDQ fusions break on Q/DQ pairs around
   * float-weight convs.
   */
  private fakeQuant(value: string, t: TfTensor): string {
    const q = t.quant!;
    if (q.scale.length !== 1) throw new ConvertError(`activation "${t.name}" has per-channel quantization`);
    const [lo, hi] = t.type === "uint8" ? [0, 255] : [-128, 127];
    const zp = q.zeroPoint[0] ?? 0;
    const g = this.onnx;
    const scale = g.floats(`${t.name}/scale`, [], [q.scale[0]]);
    const steps = g.node("Round", [g.node("Div", [value, scale], {}, `${t.name}/div`)], {}, `${t.name}/round`);
    return g.node("Mul", [this.clip(steps, lo - zp, hi - zp, `${t.name}/saturate`), scale], {}, `${t.name}/fq`);
  }
}
