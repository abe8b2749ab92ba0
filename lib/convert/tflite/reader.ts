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
  if (subgraphs.length === 0) throw new TfliteFormatError("TFLite file has no subgraphs");
  const buffers = model.tables(ModelField.Buffers).map((b) => bufferData(b, bytes));
  const codes = model.tables(ModelField.OperatorCodes).map((c) => ({
    code: Math.max(c.byte(OperatorCodeField.DeprecatedBuiltinCode), c.int(OperatorCodeField.BuiltinCode)),
    custom: c.string(OperatorCodeField.CustomCode),
    version: c.int(OperatorCodeField.Version, 1),
  }));

  const sg = subgraphs[0];
  const tensors = sg.tables(SubgraphField.Tensors).map((t, index) => readTensor(t, index, buffers));
  const ops = sg.tables(SubgraphField.Operators).map((o, index): TfOp => {
    const opcode = o.uint(OperatorField.OpcodeIndex);
    const code = codes[opcode];
    if (!code)
      throw new TfliteFormatError(`operator ${index} refers to opcode ${opcode}, but the file has ${codes.length}`);
    const name = code.custom ? `CUSTOM:${code.custom}` : builtinName(code.code);
    const op = {
      index,
      name,
      version: code.version,
      inputs: o.ints(OperatorField.Inputs),
      outputs: o.ints(OperatorField.Outputs),
      options: readOptions(name, o.table(OperatorField.BuiltinOptions)),
    };
    for (const t of [...op.inputs, ...op.outputs]) {
      if (t >= tensors.length)
        throw new TfliteFormatError(
          `operator ${index} (${name}) refers to tensor ${t}, but the subgraph has ${tensors.length}`,
        );
    }
    return op;
  });
  return {
    tensors,
    ops,
    inputs: sg.ints(SubgraphField.Inputs),
    outputs: sg.ints(SubgraphField.Outputs),
    description: model.string(ModelField.Description),
  };
}

function bufferData(buffer: Table, file: Uint8Array): Uint8Array | undefined {
  const inline = buffer.bytes(BufferField.Data);
  if (inline && inline.length) return inline;
  const offset = readUint64(buffer, BufferField.Offset);
  const size = readUint64(buffer, BufferField.Size);
  if (offset > 1 && size > 0) {
    if (offset + size > file.length)
      throw new TfliteFormatError(
        `buffer at offset ${offset} (${size} bytes) lies outside the file (${file.length} bytes)`,
      );
    return file.subarray(offset, offset + size);
  }
  return undefined;
}

function readUint64(table: Table, index: number): number {
  const at = table.field(index, 8);
  return at ? Number(table.bb.readUint64(at)) : 0;
}

function readTensor(t: Table, index: number, buffers: (Uint8Array | undefined)[]): TfTensor {
  const typeCode = t.byte(TensorField.Type);
  const type = TENSOR_TYPES[typeCode];
  if (!type) throw new TfliteFormatError(`tensor ${index} has unknown type code ${typeCode}`);
  const buffer = t.uint(TensorField.Buffer);
  if (buffer >= buffers.length && buffer !== 0)
    throw new TfliteFormatError(`tensor ${index} refers to buffer ${buffer}, but the file has ${buffers.length}`);
  const tensor: TfTensor = { index, name: t.string(TensorField.Name), shape: t.ints(TensorField.Shape), type };
  const data = buffers[buffer];
  if (data) tensor.data = data;
  const q = t.table(TensorField.Quantization);
  const scale = q?.floats(QuantField.Scale) ?? [];
  if (q && scale.length) {
    tensor.quant = { scale, zeroPoint: q.longs(QuantField.ZeroPoint), axis: q.int(QuantField.QuantizedDimension) };
  }
  return tensor;
}
