/** The pretrained TFLite sources the app converts (see ../shared/models/PROVENANCE.md). */

export interface SourceFile {
  file: string;
  sha256: string;
  url?: string;
}

export interface CatalogEntry {
  id: string;
  name: string;
  /** Files holding the same network, in order of preference; the first one found is converted. */
  sources: SourceFile[];
  widthMultiplier: number;
  outputStride: number;
  precision: "float32" | "float16" | "uint8" | "int8" | "dynamic-range int8";
  licence: string;
  /** Convert to QDQ (integer kernels at run time) rather than float weights with rounded activations. */
  qdq?: boolean;
  /** Activation ranges (lib/models/calibration/<file>) that quantize a float source to uint8/int8 QDQ. */
  calibration?: string;
  /** Only for the CLI: its browser twin would be another catalog model. */
  cliOnly?: boolean;
  /** Float inputs: the network expects (x − mean) / std of 0–255 RGB. */
  mean?: number;
  std?: number;
}

const TFHUB = "https://tfhub.dev/sayakpaul/lite-model";
const CORAL = "https://github.com/google-coral/test_data/raw/104342d2d3480b3e66203073dac24f4e2dbb4c41";

/** The 257 model ships in two packagings of the same weights. */
const SOURCES_257: SourceFile[] = [
  {
    file: "deeplabv3_257_mv_gpu.tflite",
    sha256: "68a539782c2c6a72f8aac3724600124a85ed977162b44e84cbae5db717c933c6",
    url: "https://storage.googleapis.com/download.tensorflow.org/models/tflite/gpu/deeplabv3_257_mv_gpu.tflite",
  },
  {
    file: "deeplabv3_257_mv_gpu_metadata.tflite",
    sha256: "9711334db2b01d5894feb8ed0f5cb3e97d125b8d229f8d8692f625801818f5ef",
    url: "https://tfhub.dev/tensorflow/lite-model/deeplabv3/1/metadata/2?lite-format=tflite",
  },
];

export const DEFAULT_MODEL = "deeplabv3-257";

export const CATALOG: CatalogEntry[] = [
  {
    id: "deeplabv3-257",
    name: "DeepLabv3 MobileNetV2 ×0.5 · 257 px · float",
    sources: SOURCES_257,
    widthMultiplier: 0.5,
    outputStride: 8,
    precision: "float32",
    licence: "Apache-2.0",
    mean: 127.5,
    std: 127.5,
  },
  {
    id: "deeplabv3-257-int8",
    name: "DeepLabv3 MobileNetV2 ×0.5 · 257 px · int8 (calibrated)",
    sources: SOURCES_257,
    widthMultiplier: 0.5,
    outputStride: 8,
    precision: "int8",
    licence: "Apache-2.0",
    mean: 127.5,
    std: 127.5,
    qdq: true,
    calibration: "deeplabv3-257.json",
    cliOnly: true,
  },
  {
    id: "mnv2-513-uint8",
    name: "Mobile DeepLabv3 (paper) MobileNetV2 ×1.0 · 513 px · uint8",
    sources: [
      {
        file: "deeplabv3_mnv2_pascal_quant.tflite",
        sha256: "350af47fd346ea6d74b58833a351f583ba860e9806ec5bd292ff8d8f1f249398",
        url: `${CORAL}/deeplabv3_mnv2_pascal_quant.tflite`,
      },
    ],
    widthMultiplier: 1,
    outputStride: 16,
    precision: "uint8",
    licence: "Apache-2.0",
    qdq: true,
  },
  {
    id: "mnv2-dm05-513-uint8",
    name: "Mobile DeepLabv3 MobileNetV2 ×0.5 · 513 px · uint8",
    sources: [
      {
        file: "deeplabv3_mnv2_dm05_pascal_quant.tflite",
        sha256: "0470d2a782aa54eeeb99d32e7b6b3fb7722905c7c4f5d26bd957ec861366d48b",
        url: `${CORAL}/deeplabv3_mnv2_dm05_pascal_quant.tflite`,
      },
    ],
    widthMultiplier: 0.5,
    outputStride: 16,
    precision: "uint8",
    licence: "Apache-2.0",
    qdq: true,
  },
  {
    id: "mnv2-dm05-513-fp16",
    name: "DeepLabv3 MobileNetV2 ×0.5 · 513 px · fp16 weights",
    sources: [
      {
        file: "lite-model_mobilenetv2-dm05-coco_fp16_1.tflite",
        sha256: "b9af23f4748eb581d12b402233a8d18febd622e447733e32a2a13a6c9537b0f9",
        url: `${TFHUB}/mobilenetv2-dm05-coco/fp16/1?lite-format=tflite`,
      },
    ],
    widthMultiplier: 0.5,
    outputStride: 8,
    precision: "float16",
    licence: "Apache-2.0",
    mean: 127.5,
    std: 127.5,
  },
  {
    id: "mnv2-dm05-513-dr",
    name: "DeepLabv3 MobileNetV2 ×0.5 · 513 px · int8 weights",
    sources: [
      {
        file: "lite-model_mobilenetv2-dm05-coco_dr_1.tflite",
        sha256: "8fcf36cff2c97d950eece691344814ec7bd7d61585f8c67e71d115c27707e4a3",
        url: `${TFHUB}/mobilenetv2-dm05-coco/dr/1?lite-format=tflite`,
      },
    ],
    widthMultiplier: 0.5,
    outputStride: 8,
    precision: "dynamic-range int8",
    licence: "Apache-2.0",
    mean: 127.5,
    std: 127.5,
  },
  {
    id: "mnv2-dm05-513-int8",
    name: "DeepLabv3 MobileNetV2 ×0.5 · 513 px · full int8",
    sources: [
      {
        file: "lite-model_mobilenetv2-dm05-coco_int8_1.tflite",
        sha256: "383beeb0df9fd24f4308da75614be4f2a3911c3c5eeb157bb56982fa9a6b1c3b",
        url: `${TFHUB}/mobilenetv2-dm05-coco/int8/1?lite-format=tflite`,
      },
    ],
    widthMultiplier: 0.5,
    outputStride: 8,
    precision: "int8",
    licence: "Apache-2.0",
    mean: 127.5,
    std: 127.5,
    qdq: true,
  },
  {
    id: "mnv2-513-dr",
    name: "DeepLabv3 MobileNetV2 ×1.0 · 513 px · int8 weights",
    sources: [
      {
        file: "lite-model_mobilenetv2-coco_dr_1.tflite",
        sha256: "4394288731d6a06c21b3fff8bc49f88f94ab0405118c3a957649a9630a9f4459",
        url: `${TFHUB}/mobilenetv2-coco/dr/1?lite-format=tflite`,
      },
    ],
    widthMultiplier: 1,
    outputStride: 8,
    precision: "dynamic-range int8",
    licence: "Apache-2.0",
    mean: 127.5,
    std: 127.5,
  },
];
