/** A small in-memory ONNX graph; `write.ts` serialises it. */
import { ConvertError, size } from "@/lib/convert/tensors";

export type DataType = "float32" | "int64" | "int32" | "uint8" | "int8";
export type TypedData = Float32Array | BigInt64Array | Int32Array | Uint8Array | Int8Array;
export type AttrValue = number | string | number[] | { float: number };

export interface Initializer {
  name: string;
  type: DataType;
  dims: number[];
  data: TypedData;
}

export interface OnnxNode {
  opType: string;
  inputs: string[];
  outputs: string[];
  attrs: Record<string, AttrValue>;
  name: string;
}

export interface ValueInfo {
  name: string;
  type: DataType;
  /** Fixed sizes, or names of symbolic dims (the same name is the same size). */
  dims: (number | string)[];
}

export class OnnxGraph {
  nodes: OnnxNode[] = [];
  initializers = new Map<string, Initializer>();
  inputs: ValueInfo[] = [];
  outputs: ValueInfo[] = [];
  /** Declared shapes of intermediate values. */
  valueInfo: ValueInfo[] = [];
  private used = new Set<string>();

  /** A value name not yet taken, derived from `hint`. */
  fresh(hint: string): string {
    const base = hint.replace(/[^A-Za-z0-9_./:-]/g, "_") || "v";
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  node(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, hint = opType): string {
    for (const [key, value] of Object.entries(attrs)) {
      const ints = typeof value === "number" ? [value] : Array.isArray(value) ? value : [];
      if (!ints.every(Number.isSafeInteger))
        throw new ConvertError(`${opType} "${hint}": attribute ${key} = ${value} is not an integer`);
    }
    const out = this.fresh(hint);
    this.nodes.push({ opType, inputs, outputs: [out], attrs, name: "" });
    return out;
  }

  constant(hint: string, type: DataType, dims: number[], data: TypedData): string {
    if (!dims.every((d) => Number.isSafeInteger(d) && d >= 0) || size(dims) !== data.length)
      throw new ConvertError(`initializer "${hint}" of shape [${dims}] cannot hold ${data.length} values`);
    const name = this.fresh(hint);
    this.initializers.set(name, { name, type, dims, data });
    return name;
  }

  floats(hint: string, dims: number[], values: Float32Array | number[]): string {
    return this.constant(hint, "float32", dims, values instanceof Float32Array ? values : Float32Array.from(values));
  }

  int64s(hint: string, values: number[]): string {
    if (!values.every(Number.isSafeInteger))
      throw new ConvertError(`initializer "${hint}" holds [${values}], not all integers`);
    return this.constant(hint, "int64", [values.length], BigInt64Array.from(values.map(BigInt)));
  }
}
