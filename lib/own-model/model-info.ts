// A user's converted model as an entry of the model list, beside the built-in ones.
import type { ModelInfo } from "@/lib/models/manifest";
import type { PreparedModel } from "@/lib/own-model/prepare";

/** Where the converted file lives in Cache Storage (it is never fetched from the network). */
export const ownModelUrl = (sha256: string) => `/custom-models/${sha256}.onnx`;

export const isOwnModel = (id: string) => id.startsWith("own-");

export function ownModelInfo(m: PreparedModel): ModelInfo {
  const { mean, std, source } = m.normalization;
  return {
    id: `own-${m.sha256.slice(0, 12)}`,
    name: `${m.fileName} (your own)`,
    file: ownModelUrl(m.sha256),
    bytes: m.onnx.length,
    sha256: m.sha256,
    ...(m.flexible ? { flexible: true as const } : {}),
    source: { file: m.fileName, sha256: "" },
    inputSize: m.inputSize,
    outputSize: m.outputSize,
    classes: m.labels.length,
    labels: m.labels,
    custom: {
      fileName: m.fileName,
      labelSource: m.labelSource,
      normalization: `(x − ${mean.join("/")}) / ${std.join("/")} from the ${source === "default" ? "DeepLab default" : source}`,
    },
    widthMultiplier: 0,
    outputStride: Math.round((m.inputSize - 1) / Math.max(1, m.outputSize - 1)),
    precision: "your own",
    licence: "",
    params: 0,
    madds: 0,
  };
}
