// The Segmenter in the browser: the app's inference worker, lane workers of their own, and the stage worker.
import { defaultThreads, webgpuUnavailable } from "@/lib/inference/capabilities";
import { inference, InferenceClient } from "@/lib/inference/client";
import { stages } from "@/lib/inference/stages";
import { findModel, pageFile, parseManifest, type Manifest, type ModelInfo } from "@/lib/models/manifest";
import { parseMode, REFERENCE_MODE } from "@/lib/pipeline/modes";
import type { Host, ModelSource } from "@/lib/segmenter/host";
import { Segmenter, type SegmenterEvents, type SegmenterOptions } from "@/lib/segmenter/segmenter";
import type { Backend } from "@/lib/contract";

export const browserHost = (): Host => ({ shared: inference, lane: () => new InferenceClient(), stages });

/** Where the page fetches a model: the app's own models by converter version, an own model from its cache URL. */
export const modelSource =
  (manifest: Pick<Manifest, "converter">) =>
  (model: ModelInfo): ModelSource => {
    const file = pageFile(model);
    const url = model.custom ? file.file : `/models/${file.file}?v=${manifest.converter}`;
    return { url, bytes: file.bytes, sha256: file.sha256 };
  };

export interface CreateOptions {
  /** A model id from the manifest; its default when absent. */
  model?: string;
  /** WebGPU where the browser has it, else WASM, when absent. */
  backend?: Backend;
  threads?: number;
  /** A mode key such as "pad+flip"; the reference mode when absent. */
  mode?: string;
  manifestUrl?: string;
}

/** Reads the app's model list and makes a Segmenter over it, loaded and ready to segment. */
export async function createSegmenter(options: CreateOptions = {}, events?: SegmenterEvents): Promise<Segmenter> {
  const response = await fetch(options.manifestUrl ?? "/models/manifest.json", { cache: "no-cache" });
  if (!response.ok) throw new Error(`The model list could not be loaded: HTTP ${response.status}`);
  const manifest = parseManifest(await response.json());
  const model = findModel(manifest, options.model ?? manifest.default);
  const backend = options.backend ?? ((await webgpuUnavailable()) ? "wasm" : "webgpu");
  const settings: SegmenterOptions = {
    model,
    backend,
    threads: options.threads ?? defaultThreads(),
    mode: options.mode ? parseMode(options.mode) : REFERENCE_MODE,
  };
  const segmenter = new Segmenter(browserHost(), modelSource(manifest), settings, events);
  await segmenter.load();
  return segmenter;
}
