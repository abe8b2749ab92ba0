// Field indices and enum values from the TFLite flatbuffer schema (tensorflow/lite/schema/schema.fbs).

export const TENSOR_TYPES = [
  "float32",
  "float16",
  "int32",
  "uint8",
  "int64",
  "string",
  "bool",
  "int16",
  "complex64",
  "int8",
  "float64",
  "complex128",
  "uint64",
  "resource",
  "variant",
  "uint32",
  "uint16",
  "int4",
] as const;
export type TensorType = (typeof TENSOR_TYPES)[number];

const BUILTIN_NAMES = (
  "ADD AVERAGE_POOL_2D CONCATENATION CONV_2D DEPTHWISE_CONV_2D DEPTH_TO_SPACE DEQUANTIZE " +
  "EMBEDDING_LOOKUP FLOOR FULLY_CONNECTED HASHTABLE_LOOKUP L2_NORMALIZATION L2_POOL_2D " +
  "LOCAL_RESPONSE_NORMALIZATION LOGISTIC LSH_PROJECTION LSTM MAX_POOL_2D MUL RELU RELU_N1_TO_1 " +
  "RELU6 RESHAPE RESIZE_BILINEAR RNN SOFTMAX SPACE_TO_DEPTH SVDF TANH CONCAT_EMBEDDINGS SKIP_GRAM " +
  "CALL CUSTOM EMBEDDING_LOOKUP_SPARSE PAD UNIDIRECTIONAL_SEQUENCE_RNN GATHER BATCH_TO_SPACE_ND " +
  "SPACE_TO_BATCH_ND TRANSPOSE MEAN SUB DIV SQUEEZE UNIDIRECTIONAL_SEQUENCE_LSTM STRIDED_SLICE " +
  "BIDIRECTIONAL_SEQUENCE_RNN EXP TOPK_V2 SPLIT LOG_SOFTMAX DELEGATE BIDIRECTIONAL_SEQUENCE_LSTM " +
  "CAST PRELU MAXIMUM ARG_MAX MINIMUM LESS NEG PADV2 GREATER GREATER_EQUAL LESS_EQUAL SELECT " +
  "SLICE SIN TRANSPOSE_CONV SPARSE_TO_DENSE TILE EXPAND_DIMS EQUAL NOT_EQUAL LOG SUM SQRT RSQRT " +
  "SHAPE POW ARG_MIN FAKE_QUANT REDUCE_PROD REDUCE_MAX PACK LOGICAL_OR ONE_HOT LOGICAL_AND " +
  "LOGICAL_NOT UNPACK REDUCE_MIN FLOOR_DIV REDUCE_ANY SQUARE ZEROS_LIKE FILL FLOOR_MOD RANGE " +
  "RESIZE_NEAREST_NEIGHBOR LEAKY_RELU SQUARED_DIFFERENCE MIRROR_PAD ABS SPLIT_V UNIQUE CEIL " +
  "REVERSE_V2 ADD_N GATHER_ND COS WHERE RANK ELU REVERSE_SEQUENCE MATRIX_DIAG QUANTIZE " +
  "MATRIX_SET_DIAG ROUND HARD_SWISH IF WHILE NON_MAX_SUPPRESSION_V4 NON_MAX_SUPPRESSION_V5 " +
  "SCATTER_ND SELECT_V2 DENSIFY SEGMENT_SUM BATCH_MATMUL"
).split(" ");

export function builtinName(code: number): string {
  return BUILTIN_NAMES[code] ?? `BUILTIN_${code}`;
}

export enum ModelField {
  Version,
  OperatorCodes,
  Subgraphs,
  Description,
  Buffers,
  MetadataBuffer,
  Metadata,
}
export enum SubgraphField {
  Tensors,
  Inputs,
  Outputs,
  Operators,
  Name,
}
export enum TensorField {
  Shape,
  Type,
  Buffer,
  Name,
  Quantization,
}
export enum QuantField {
  Min,
  Max,
  Scale,
  ZeroPoint,
  DetailsType,
  Details,
  QuantizedDimension,
}
export enum OperatorField {
  OpcodeIndex,
  Inputs,
  Outputs,
  BuiltinOptionsType,
  BuiltinOptions,
}
export enum OperatorCodeField {
  DeprecatedBuiltinCode,
  CustomCode,
  Version,
  BuiltinCode,
}
export enum BufferField {
  Data,
  Offset,
  Size,
}

export const PADDING = ["SAME", "VALID"] as const;
export const ACTIVATIONS = ["NONE", "RELU", "RELU_N1_TO_1", "RELU6", "TANH", "SIGN_BIT"] as const;

type FieldKind = "int" | "byte" | "bool" | "float";
type OptionSpec = Record<string, [index: number, kind: FieldKind, fallback?: number]>;

const conv: OptionSpec = {
  padding: [0, "byte"],
  strideW: [1, "int"],
  strideH: [2, "int"],
  activation: [3, "byte"],
  dilationW: [4, "int", 1],
  dilationH: [5, "int", 1],
};

/** Builtin options table layout per op; ops absent here carry no options we read. */
export const OPTION_SPECS: Record<string, OptionSpec> = {
  CONV_2D: conv,
  DEPTHWISE_CONV_2D: {
    padding: [0, "byte"],
    strideW: [1, "int"],
    strideH: [2, "int"],
    depthMultiplier: [3, "int"],
    activation: [4, "byte"],
    dilationW: [5, "int", 1],
    dilationH: [6, "int", 1],
  },
  AVERAGE_POOL_2D: {
    padding: [0, "byte"],
    strideW: [1, "int"],
    strideH: [2, "int"],
    filterW: [3, "int"],
    filterH: [4, "int"],
    activation: [5, "byte"],
  },
  CONCATENATION: { axis: [0, "int"], activation: [1, "byte"] },
  ADD: { activation: [0, "byte"] },
  SUB: { activation: [0, "byte"] },
  MUL: { activation: [0, "byte"] },
  RESIZE_BILINEAR: { alignCorners: [2, "bool"], halfPixelCenters: [3, "bool"] },
  ARG_MAX: { outputType: [0, "byte"] },
};

export type FieldReader = {
  int(i: number, f?: number): number;
  byte(i: number, f?: number): number;
  bool(i: number): boolean;
  float(i: number, f?: number): number;
};

export function readOptions(op: string, table: FieldReader | null): Record<string, number> {
  const spec = OPTION_SPECS[op];
  const out: Record<string, number> = {};
  if (!spec) return out;
  for (const [name, [index, kind, fallback = 0]] of Object.entries(spec)) {
    if (!table) out[name] = fallback;
    else if (kind === "bool") out[name] = table.bool(index) ? 1 : 0;
    else out[name] = table[kind](index, fallback);
  }
  return out;
}
