import onnxProto from "onnx-proto";
import type { AttrValue, DataType, OnnxGraph, TypedData, ValueInfo } from "@/lib/convert/onnx/graph";

const { onnx } = onnxProto;

export const OPSET = 17;

const ELEM_TYPE: Record<DataType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  uint8: onnx.TensorProto.DataType.UINT8,
  int8: onnx.TensorProto.DataType.INT8,
  int32: onnx.TensorProto.DataType.INT32,
  int64: onnx.TensorProto.DataType.INT64,
};

export interface ModelMeta {
  producer: string;
  docString?: string;
  props?: Record<string, string>;
}

export function writeOnnx(graph: OnnxGraph, meta: ModelMeta): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: "", version: OPSET }],
    producerName: meta.producer,
    docString: meta.docString ?? "",
    metadataProps: Object.entries(meta.props ?? {}).map(([key, value]) => ({ key, value })),
    graph: {
      name: "main",
      node: graph.nodes.map((n) => ({
        opType: n.opType,
        input: n.inputs,
        output: n.outputs,
        name: n.name,
        attribute: Object.entries(n.attrs).map(([name, v]) => attribute(name, v)),
      })),
      initializer: [...graph.initializers.values()].map((t) => ({
        name: t.name,
        dataType: ELEM_TYPE[t.type],
        dims: t.dims,
        rawData: rawBytes(t.data),
      })),
      input: graph.inputs.map(valueInfo),
      output: graph.outputs.map(valueInfo),
      valueInfo: graph.valueInfo.map(valueInfo),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

function attribute(name: string, v: AttrValue): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof v === "number") return { name, type: T.INT, i: v };
  if (typeof v === "string") return { name, type: T.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) return { name, type: T.INTS, ints: v };
  return { name, type: T.FLOAT, f: v.float };
}

function valueInfo(v: ValueInfo): onnxProto.onnx.IValueInfoProto {
  return {
    name: v.name,
    type: {
      tensorType: {
        elemType: ELEM_TYPE[v.type],
        shape: { dim: v.dims.map((d) => (typeof d === "string" ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}

function rawBytes(data: TypedData): Uint8Array {
  // Typed arrays are little-endian on every platform we run on, as ONNX raw_data requires.
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
}
