import type { CatalogEntry } from "@/lib/models/catalog";

export interface ModelInfo {
  id: string;
  name: string;
  /** ONNX file name, relative to the manifest. */
  file: string;
  bytes: number;
  /** Hex sha256 of the ONNX file, checked by the page before it creates a session. */
  sha256: string;
  /**
   * For QDQ models, the file the browser loads: the same weights as a plain float graph. WebGPU has
   * no integer kernels (it runs Q/DQ ops on the CPU, 20-60× slower) and onnxruntime-web's wasm
   * int8 kernels lose to its float ones; the QDQ file serves the CLI, where integer kernels win.
   */
  browser?: ModelFile;
  /** Not offered by the page: in the browser it would be the same as another model. */
  cliOnly?: boolean;
  /**
   * `file` and `browser` both take any input height and width (symbolic "height" × "width"; logits
   * ⌈height/outputStride⌉ × ⌈width/outputStride⌉); at `inputSize` × `inputSize` they equal the source
   * exactly. Absent: both are fixed at `inputSize`.
   */
  flexible?: true;
  /** Keys of the accuracy modes (lib/pipeline/modes) that score best and run fastest, from npm run models:table. */
  modes?: { best: string; fastest: string };
  source: { file: string; sha256: string };
  /** The source's square input size, where a flexible model equals the source exactly. */
  inputSize: number;
  outputSize: number;
  classes: number;
  widthMultiplier: number;
  outputStride: number;
  /** "your own" for a model the user added (lib/own-model). */
  precision: CatalogEntry["precision"] | "your own";
  licence: string;
  /** Class names, where they are not VOC's (a user's own model). */
  labels?: string[];
  /**
   * A model the user added (their own model): `file` is its key in Cache Storage. The lists kept in users'
   * browsers (lib/own-model/storage.ts) hold it under this name, so it stays `custom`.
   */
  custom?: { fileName: string; labelSource: "metadata" | "file" | "voc"; normalization: string };
  params: number;
  madds: number;
}

/** The file the page downloads and runs: the float twin where there is one. */
export const pageFile = (m: ModelInfo): ModelFile => m.browser ?? { file: m.file, bytes: m.bytes, sha256: m.sha256 };

export interface ModelFile {
  file: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  default: string;
  /** Hash of the converter sources that built these files; a change triggers a rebuild. */
  converter: string;
  models: ModelInfo[];
}

export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ManifestError";
  }
}

export function parseManifest(json: unknown): Manifest {
  const m = json as Manifest;
  if (!m || typeof m !== "object" || !Array.isArray(m.models) || m.models.length === 0) {
    throw new ManifestError("model manifest is missing or lists no models");
  }
  for (const model of m.models) {
    if (!model.id || !model.file || !(model.inputSize > 0) || !(model.outputSize > 0)) {
      throw new ManifestError(`model manifest entry ${JSON.stringify(model.id)} is incomplete`);
    }
  }
  if (!m.models.some((x) => x.id === m.default))
    throw new ManifestError(`default model "${m.default}" is not in the manifest`);
  return m;
}

export function findModel(manifest: Manifest, id: string): ModelInfo {
  const model = manifest.models.find((m) => m.id === id);
  if (!model) throw new ManifestError(`unknown model "${id}"; known: ${manifest.models.map((m) => m.id).join(", ")}`);
  return model;
}
