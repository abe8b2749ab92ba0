// Builds small TFLite flatbuffers in tests, straight from the schema's field indices.
import { Builder } from "flatbuffers";

export const TYPE = { float32: 0, float16: 1, int32: 2, uint8: 3, int64: 4, int8: 9 } as const;

export const OP = {
  ADD: 0,
  AVERAGE_POOL_2D: 1,
  CONCATENATION: 2,
  CONV_2D: 3,
  DEPTHWISE_CONV_2D: 4,
  DEQUANTIZE: 6,
  MUL: 18,
  RESIZE_BILINEAR: 23,
  SOFTMAX: 25,
  TANH: 28,
  CUSTOM: 32,
  BATCH_TO_SPACE_ND: 37,
  SPACE_TO_BATCH_ND: 38,
  SUB: 41,
  ARG_MAX: 56,
  QUANTIZE: 114,
} as const;

export const PAD = { SAME: 0, VALID: 1 } as const;
export const ACT = { NONE: 0, RELU: 1, RELU_N1_TO_1: 2, RELU6: 3 } as const;

export interface Quant {
  scale: number[];
  zeroPoint: number[];
  axis?: number;
}

export interface TensorSpec {
  shape: number[];
  type?: keyof typeof TYPE;
  data?: Uint8Array;
  quant?: Quant;
  name?: string;
  /** Store the data after the flatbuffer, referenced by Buffer.offset/size, as large models do. */
  external?: boolean;
}

/** One options-table field: [index, kind, value]. */
export type Field = [index: number, kind: "byte" | "int" | "bool", value: number];

export interface Options {
  type: number;
  fields: Field[];
}

export interface OpSpec {
  code: number;
  inputs: number[];
  outputs: number[];
  options?: Options;
  custom?: string;
}

export interface ModelSpec {
  tensors: TensorSpec[];
  ops: OpSpec[];
  inputs: number[];
  outputs: number[];
}

type Act = keyof typeof ACT;
type Pad = keyof typeof PAD;

export const convOptions = (o: { padding?: Pad; stride?: number; act?: Act; dilation?: number } = {}): Options => ({
  type: 1,
  fields: [
    [0, "byte", PAD[o.padding ?? "SAME"]],
    [1, "int", o.stride ?? 1],
    [2, "int", o.stride ?? 1],
    [3, "byte", ACT[o.act ?? "NONE"]],
    [4, "int", o.dilation ?? 1],
    [5, "int", o.dilation ?? 1],
  ],
});

export const depthwiseOptions = (
  o: { padding?: Pad; stride?: number; act?: Act; dilation?: number; multiplier?: number } = {},
): Options => ({
  type: 2,
  fields: [
    [0, "byte", PAD[o.padding ?? "SAME"]],
    [1, "int", o.stride ?? 1],
    [2, "int", o.stride ?? 1],
    [3, "int", o.multiplier ?? 1],
    [4, "byte", ACT[o.act ?? "NONE"]],
    [5, "int", o.dilation ?? 1],
    [6, "int", o.dilation ?? 1],
  ],
});

export const poolOptions = (o: { padding: Pad; stride: number; filter: number; act?: Act }): Options => ({
  type: 5,
  fields: [
    [0, "byte", PAD[o.padding]],
    [1, "int", o.stride],
    [2, "int", o.stride],
    [3, "int", o.filter],
    [4, "int", o.filter],
    [5, "byte", ACT[o.act ?? "NONE"]],
  ],
});

export const concatOptions = (axis: number, act: Act = "NONE"): Options => ({
  type: 10,
  fields: [
    [0, "int", axis],
    [1, "byte", ACT[act]],
  ],
});

const BINARY_TYPES = { ADD: 11, MUL: 21, SUB: 28 } as const;
export const binaryOptions = (op: keyof typeof BINARY_TYPES, act: Act = "NONE"): Options => ({
  type: BINARY_TYPES[op],
  fields: [[0, "byte", ACT[act]]],
});

export const resizeOptions = (o: { alignCorners?: boolean; halfPixelCenters?: boolean }): Options => ({
  type: 15,
  fields: [
    [2, "bool", o.alignCorners ? 1 : 0],
    [3, "bool", o.halfPixelCenters ? 1 : 0],
  ],
});

export const argMaxOptions = (outputType: keyof typeof TYPE = "int64"): Options => ({
  type: 40,
  fields: [[0, "byte", TYPE[outputType]]],
});

// Little-endian constant data.
function bytesOf(n: number, bytesPer: number, write: (v: DataView, i: number) => void): Uint8Array {
  const out = new Uint8Array(n * bytesPer);
  const view = new DataView(out.buffer);
  for (let i = 0; i < n; i++) write(view, i);
  return out;
}
export const f32 = (v: ArrayLike<number>) => bytesOf(v.length, 4, (d, i) => d.setFloat32(4 * i, v[i], true));
export const i32 = (v: ArrayLike<number>) => bytesOf(v.length, 4, (d, i) => d.setInt32(4 * i, v[i], true));
export const i64 = (v: ArrayLike<number>) => bytesOf(v.length, 8, (d, i) => d.setBigInt64(8 * i, BigInt(v[i]), true));
export const u8 = (v: ArrayLike<number>) => Uint8Array.from(v);
export const i8 = (v: ArrayLike<number>) => new Uint8Array(Int8Array.from(v).buffer);
/** float16 bits of values exactly representable in half precision (normal numbers and zero). */
export const f16 = (v: ArrayLike<number>) =>
  bytesOf(v.length, 2, (d, i) => {
    const x = v[i];
    if (x === 0) return d.setUint16(2 * i, 0, true);
    const sign = x < 0 ? 0x8000 : 0;
    const exp = Math.floor(Math.log2(Math.abs(x)));
    const frac = Math.abs(x) / 2 ** exp - 1;
    if (exp < -14 || exp > 15 || !Number.isInteger(frac * 1024)) throw new Error(`${x} is not an exact float16`);
    d.setUint16(2 * i, sign | ((exp + 15) << 10) | (frac * 1024), true);
  });

export function buildTflite(spec: ModelSpec): Uint8Array {
  const external = spec.tensors.filter((t) => t.external && t.data).map((t) => t.data!);
  if (!external.length) return build(spec, []);
  // Offsets are fixed-size fields, so a first pass gives the flatbuffer's length.
  const align = (n: number) => Math.ceil(n / 16) * 16;
  const offsets: number[] = [];
  let end = align(
    build(
      spec,
      external.map(() => 0),
    ).length,
  );
  for (const data of external) {
    offsets.push(end);
    end = align(end + data.length);
  }
  const out = new Uint8Array(end);
  out.set(build(spec, offsets));
  external.forEach((data, i) => out.set(data, offsets[i]));
  return out;
}

function build(spec: ModelSpec, externalOffsets: number[]): Uint8Array {
  const b = new Builder(1024);
  b.forceDefaults(true);
  const intVector = (v: number[]) => {
    b.startVector(4, v.length, 4);
    for (let i = v.length - 1; i >= 0; i--) b.addInt32(v[i]);
    return b.endVector();
  };

  // Buffer 0 is the empty sentinel; each constant tensor gets its own buffer.
  const bufferOf: number[] = [];
  const buffers: number[] = [];
  b.startObject(1);
  buffers.push(b.endObject());
  let externals = 0;
  for (const t of spec.tensors) {
    if (!t.data) {
      bufferOf.push(0);
      continue;
    }
    if (t.external) {
      b.startObject(3);
      b.addFieldInt64(1, BigInt(externalOffsets[externals++]), BigInt(0));
      b.addFieldInt64(2, BigInt(t.data.length), BigInt(0));
    } else {
      const data = b.createByteVector(t.data);
      b.startObject(1);
      b.addFieldOffset(0, data, 0);
    }
    bufferOf.push(buffers.length);
    buffers.push(b.endObject());
  }

  const tensors = spec.tensors.map((t, i) => {
    const shape = intVector(t.shape);
    const name = b.createString(t.name ?? `t${i}`);
    let quant = 0;
    if (t.quant) {
      const q = t.quant;
      b.startVector(4, q.scale.length, 4);
      for (let k = q.scale.length - 1; k >= 0; k--) b.addFloat32(q.scale[k]);
      const scale = b.endVector();
      b.startVector(8, q.zeroPoint.length, 8);
      for (let k = q.zeroPoint.length - 1; k >= 0; k--) b.addInt64(BigInt(q.zeroPoint[k]));
      const zeroPoint = b.endVector();
      b.startObject(7);
      b.addFieldOffset(2, scale, 0);
      b.addFieldOffset(3, zeroPoint, 0);
      b.addFieldInt32(6, q.axis ?? 0, 0);
      quant = b.endObject();
    }
    b.startObject(5);
    b.addFieldOffset(0, shape, 0);
    b.addFieldInt8(1, TYPE[t.type ?? "float32"], 0);
    b.addFieldInt32(2, bufferOf[i], 0);
    b.addFieldOffset(3, name, 0);
    if (quant) b.addFieldOffset(4, quant, 0);
    return b.endObject();
  });

  // One operator code per distinct (builtin, custom name).
  const codeKeys: string[] = [];
  const opcodeIndex = spec.ops.map((op) => {
    const key = `${op.code}:${op.custom ?? ""}`;
    if (!codeKeys.includes(key)) codeKeys.push(key);
    return codeKeys.indexOf(key);
  });
  const codes = codeKeys.map((key) => {
    const [code, custom] = [Number(key.split(":")[0]), key.slice(key.indexOf(":") + 1)];
    const customName = custom ? b.createString(custom) : 0;
    b.startObject(4);
    b.addFieldInt8(0, Math.min(code, 127), 0);
    if (customName) b.addFieldOffset(1, customName, 0);
    b.addFieldInt32(2, 1, 1);
    b.addFieldInt32(3, code, 0);
    return b.endObject();
  });

  const ops = spec.ops.map((op, i) => {
    const inputs = intVector(op.inputs);
    const outputs = intVector(op.outputs);
    let options = 0;
    if (op.options) {
      const fields = op.options.fields;
      b.startObject(Math.max(...fields.map(([index]) => index)) + 1);
      for (const [index, kind, value] of fields) {
        if (kind === "int") b.addFieldInt32(index, value, 0);
        else b.addFieldInt8(index, value, 0);
      }
      options = b.endObject();
    }
    b.startObject(5);
    b.addFieldInt32(0, opcodeIndex[i], 0);
    b.addFieldOffset(1, inputs, 0);
    b.addFieldOffset(2, outputs, 0);
    if (op.options) {
      b.addFieldInt8(3, op.options.type, 0);
      b.addFieldOffset(4, options, 0);
    }
    return b.endObject();
  });

  const offsets = (v: number[]) => {
    b.startVector(4, v.length, 4);
    for (let i = v.length - 1; i >= 0; i--) b.addOffset(v[i]);
    return b.endVector();
  };
  const tensorVec = offsets(tensors);
  const inputs = intVector(spec.inputs);
  const outputs = intVector(spec.outputs);
  const opVec = offsets(ops);
  const sgName = b.createString("main");
  b.startObject(5);
  b.addFieldOffset(0, tensorVec, 0);
  b.addFieldOffset(1, inputs, 0);
  b.addFieldOffset(2, outputs, 0);
  b.addFieldOffset(3, opVec, 0);
  b.addFieldOffset(4, sgName, 0);
  const subgraph = b.endObject();

  const codeVec = offsets(codes);
  const subgraphVec = offsets([subgraph]);
  const description = b.createString("test model");
  const bufferVec = offsets(buffers);
  b.startObject(5);
  b.addFieldInt32(0, 3, 0);
  b.addFieldOffset(1, codeVec, 0);
  b.addFieldOffset(2, subgraphVec, 0);
  b.addFieldOffset(3, description, 0);
  b.addFieldOffset(4, bufferVec, 0);
  b.finish(b.endObject(), "TFL3");
  return b.asUint8Array();
}
