import { Table, TfliteFormatError } from "@/lib/convert/tflite/table";
import {
  BufferField,
  ModelField,
  OperatorCodeField,
  OperatorField,
  QuantField,
  SubgraphField,
  TensorField,
  TENSOR_TYPES,
  builtinName,
  readOptions,
  type TensorType,
} from "@/lib/convert/tflite/schema";

export interface Quantization {
  scale: number[];
  zeroPoint: number[];
  axis: number;
}

export interface TfTensor {
  index: number;
  name: string;
  shape: number[];
  type: TensorType;
  /** Constant contents, little-endian; absent for activations. */
  data?: Uint8Array;
  quant?: Quantization;
}

export interface TfOp {
  index: number;
  name: string;
  version: number;
  inputs: number[];
  outputs: number[];
  options: Record<string, number>;
}

export interface TfGraph {
  tensors: TfTensor[];
  ops: TfOp[];
  inputs: number[];
  outputs: number[];
  description: string;
}

export function readTflite(bytes: Uint8Array): TfGraph {
  const model = Table.root(bytes);
  const subgraphs = model.tables(ModelField.Subgraphs);
  if (subgraphs.length === 0) throw new TfliteFormatError(`the model table at offset ${model.pos} has no subgraphs`);
  const buffers = model.tables(ModelField.Buffers).map((b) => bufferData(b, bytes));
  const codes = model.tables(ModelField.OperatorCodes).map((c) => ({
    code: Math.max(c.byte(OperatorCodeField.DeprecatedBuiltinCode), c.int(OperatorCodeField.BuiltinCode)),
    custom: c.string(OperatorCodeField.CustomCode),
    version: c.int(OperatorCodeField.Version, 1),
  }));

  const sg = subgraphs[0];
  const tensors = sg.tables(SubgraphField.Tensors).map((t, index) => readTensor(t, index, buffers));
  const tensorIndices = (table: Table, field: number, what: string, optional: boolean) =>
    table.ints(field).map((t, i) => {
      if (t >= tensors.length || t < (optional ? -1 : 0))
        throw new TfliteFormatError(
          `${what} refers to tensor ${t} at offset ${table.elementOffset(field, i)}, but the subgraph has ${tensors.length}`,
        );
      return t;
    });
  const ops = sg.tables(SubgraphField.Operators).map((o, index): TfOp => {
    const opcode = o.uint(OperatorField.OpcodeIndex);
    const code = codes[opcode];
    if (!code)
      throw new TfliteFormatError(
        `operator ${index} (table at offset ${o.pos}) refers to opcode ${opcode}, but the file has ${codes.length}`,
      );
    const name = code.custom ? `CUSTOM:${code.custom}` : builtinName(code.code);
    const what = `operator ${index} (${name})`;
    return {
      index,
      name,
      version: code.version,
      inputs: tensorIndices(o, OperatorField.Inputs, what, true),
      outputs: tensorIndices(o, OperatorField.Outputs, what, true),
      options: readOptions(name, o.table(OperatorField.BuiltinOptions)),
    };
  });
  return {
    tensors,
    ops,
    inputs: tensorIndices(sg, SubgraphField.Inputs, `the subgraph's input list`, false),
    outputs: tensorIndices(sg, SubgraphField.Outputs, `the subgraph's output list`, false),
    description: model.string(ModelField.Description),
  };
}

export function bufferData(buffer: Table, file: Uint8Array): Uint8Array | undefined {
  const inline = buffer.bytes(BufferField.Data);
  if (inline && inline.length) return inline;
  const offset = buffer.ulong(BufferField.Offset);
  const size = buffer.ulong(BufferField.Size);
  if (offset > 1 && size > 0) {
    if (offset + size > file.length)
      throw new TfliteFormatError(
        `buffer at offset ${offset} (${size} bytes) lies outside the file (${file.length} bytes), as the buffer table at offset ${buffer.pos} says`,
      );
    return file.subarray(offset, offset + size);
  }
  return undefined;
}

function readTensor(t: Table, index: number, buffers: (Uint8Array | undefined)[]): TfTensor {
  const where = `tensor ${index} (table at offset ${t.pos})`;
  const typeCode = t.byte(TensorField.Type);
  const type = TENSOR_TYPES[typeCode];
  if (!type) throw new TfliteFormatError(`${where} has unknown type code ${typeCode}`);
  const buffer = t.uint(TensorField.Buffer);
  if (buffer >= buffers.length && buffer !== 0)
    throw new TfliteFormatError(`${where} refers to buffer ${buffer}, but the file has ${buffers.length}`);
  const shape = t.ints(TensorField.Shape);
  const negative = shape.findIndex((d) => d < 0);
  if (negative >= 0)
    throw new TfliteFormatError(
      `${where} has dimension ${shape[negative]} at offset ${t.elementOffset(TensorField.Shape, negative)}`,
    );
  const tensor: TfTensor = { index, name: t.string(TensorField.Name), shape, type };
  const data = buffers[buffer];
  if (data) tensor.data = data;
  const q = t.table(TensorField.Quantization);
  const scale = q?.floats(QuantField.Scale) ?? [];
  if (q && scale.length) {
    const zeroPoint = q.longs(QuantField.ZeroPoint);
    const axis = q.int(QuantField.QuantizedDimension);
    if (zeroPoint.length > scale.length)
      throw new TfliteFormatError(
        `${where}: the quantization table at offset ${q.pos} has ${scale.length} scales but ${zeroPoint.length} zero points`,
      );
    if (scale.length > 1 && !(axis >= 0 && axis < shape.length && shape[axis] === scale.length))
      throw new TfliteFormatError(
        `${where}: the quantization table at offset ${q.pos} has ${scale.length} scales along axis ${axis} of shape [${shape}]`,
      );
    tensor.quant = { scale, zeroPoint, axis };
  }
  return tensor;
}
