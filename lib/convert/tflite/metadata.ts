// The TFLite Metadata flatbuffer (tensorflow/tflite-support metadata_schema.fbs, identifier "M001"), stored in a
// model buffer named "TFLITE_METADATA": the input's normalisation and the names of the files packed with the model.
import { bufferData } from "@/lib/convert/tflite/reader";
import { ModelField } from "@/lib/convert/tflite/schema";
import { Table } from "@/lib/convert/tflite/table";

enum ModelMetadataField {
  Name,
  Description,
  Version,
  SubgraphMetadata,
  Author,
  License,
  AssociatedFiles,
}
enum SubgraphMetadataField {
  Name,
  Description,
  InputTensorMetadata,
  OutputTensorMetadata,
  AssociatedFiles,
  InputProcessUnits,
}
enum TensorMetadataField {
  Name,
  Description,
  DimensionNames,
  Content,
  ProcessUnits,
  Stats,
  AssociatedFiles,
}
enum AssociatedFileField {
  Name,
  Description,
  Type,
}
/** ProcessUnit's `options` union takes two vtable slots: its type, then its table. */
enum ProcessUnitField {
  OptionsType,
  Options,
}
const NORMALIZATION_OPTIONS = 1;
const AXIS_LABELS = 2;
const VALUE_LABELS = 3;

export interface TfliteMetadata {
  name: string;
  /** Per-channel or single mean and std of the input's normalisation, (x − mean) / std of 0–255 RGB. */
  normalization?: { mean: number[]; std: number[] };
  /** The packed file that names the output's classes, one per line. */
  labelsFile?: string;
}

/** The model's metadata, or undefined when it has none. Malformed metadata throws TfliteFormatError. */
export function readTfliteMetadata(bytes: Uint8Array): TfliteMetadata | undefined {
  const model = Table.root(bytes);
  const buffers = model.tables(ModelField.Buffers);
  const entry = model.tables(ModelField.Metadata).find((m) => m.string(0) === "TFLITE_METADATA");
  if (!entry) return undefined;
  const buffer = buffers[entry.uint(1)];
  const data = buffer && bufferData(buffer, bytes);
  if (!data) return undefined;
  const meta = Table.root(data, "M001", "TFLite metadata");
  const subgraph = meta.tables(ModelMetadataField.SubgraphMetadata)[0];
  const input = subgraph?.tables(SubgraphMetadataField.InputTensorMetadata)[0];
  const output = subgraph?.tables(SubgraphMetadataField.OutputTensorMetadata)[0];
  const units = [
    ...(input?.tables(TensorMetadataField.ProcessUnits) ?? []),
    ...(subgraph?.tables(SubgraphMetadataField.InputProcessUnits) ?? []),
  ];
  const norm = units.find((u) => u.ubyte(ProcessUnitField.OptionsType) === NORMALIZATION_OPTIONS);
  const options = norm?.table(ProcessUnitField.Options);
  const files = [
    ...(output?.tables(TensorMetadataField.AssociatedFiles) ?? []),
    ...(subgraph?.tables(SubgraphMetadataField.AssociatedFiles) ?? []),
    ...meta.tables(ModelMetadataField.AssociatedFiles),
  ];
  const labels = files.find((f) => [AXIS_LABELS, VALUE_LABELS].includes(f.byte(AssociatedFileField.Type)));
  return {
    name: meta.string(ModelMetadataField.Name),
    ...(options ? { normalization: { mean: options.floats(0), std: options.floats(1) } } : {}),
    ...(labels ? { labelsFile: labels.string(AssociatedFileField.Name) } : {}),
  };
}
