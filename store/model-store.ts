"use client";
import { create } from "zustand";
import { defaultThreads, webgpuUnavailable } from "@/lib/inference/capabilities";
import { inference, type Loaded } from "@/lib/inference/client";
import { ORT_BUNDLES, bundleFor, type Backend, type Bundle } from "@/lib/contract";
import { findModel, pageFile, parseManifest, type Manifest, type ModelInfo } from "@/lib/models/manifest";

interface ModelState {
  manifest?: Manifest;
  manifestError?: string;
  modelId?: string;
  backend: Backend;
  threads: number;
  /** An ort build forced by the URL (?ort=jsep), for benchmarks; otherwise the backend's own. */
  bundle?: Bundle;
  /** Why WebGPU cannot be used here, once known; null when it can. */
  webgpuProblem?: string | null;
  status: "idle" | "loading" | "ready" | "error";
  progress?: { loaded: number; total: number };
  loadError?: string;
  loaded?: Loaded & { modelId: string };
}

export const useModelStore = create<ModelState>(() => ({ backend: "wasm", threads: 1, status: "idle" }));

const set = useModelStore.setState;
const get = useModelStore.getState;

let initialized: Promise<void> | undefined;

/** Reads the manifest and the browser's capabilities once; URL parameters model, backend, threads override defaults. */
export function initModels(params: URLSearchParams = new URLSearchParams()): Promise<void> {
  initialized ??= init(params);
  return initialized;
}

async function init(params: URLSearchParams) {
  const webgpuProblem = await webgpuUnavailable();
  const wanted = params.get("backend");
  const backend: Backend = wanted === "wasm" || wanted === "webgpu" ? wanted : webgpuProblem ? "wasm" : "webgpu";
  const threads = Number(params.get("threads")) || defaultThreads();
  const ort = params.get("ort");
  const bundle = ort && ort in ORT_BUNDLES ? (ort as Bundle) : undefined;
  try {
    const response = await fetch("/models/manifest.json", { cache: "no-cache" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const all = parseManifest(await response.json());
    const manifest = { ...all, models: all.models.filter((m) => !m.cliOnly) };
    const requested = params.get("model");
    const modelId = requested && manifest.models.some((m) => m.id === requested) ? requested : manifest.default;
    set({ manifest, modelId, backend, threads, bundle, webgpuProblem });
  } catch (error) {
    set({
      manifestError: `The model list could not be loaded (${(error as Error).message}). Run "npm run models" and reload.`,
      backend,
      threads,
      webgpuProblem,
    });
  }
}

export const selectModel = (modelId: string) => set({ modelId });
export const selectBackend = (backend: Backend) => set({ backend });
export const selectThreads = (threads: number) => set({ threads });

export function currentModel(): ModelInfo | undefined {
  const { manifest, modelId } = get();
  return manifest && modelId ? findModel(manifest, modelId) : undefined;
}

/** Loads (or reuses) the selected model in the worker; resolves to it once ready. */
export async function ensureModel(): Promise<ModelInfo> {
  await initModels();
  const { manifest, backend, threads, bundle } = get();
  const model = currentModel();
  if (!manifest || !model) throw new Error(get().manifestError ?? "The model list is not loaded yet.");
  set({ status: "loading", loadError: undefined, progress: undefined });
  try {
    const file = pageFile(model);
    const url = `/models/${file.file}?v=${manifest.converter}`;
    const onProgress = (l: number, t: number) => set({ progress: { loaded: l, total: t } });
    const loaded = await inference.load(
      { url, bytes: file.bytes, sha256: file.sha256 },
      backend,
      threads,
      onProgress,
      bundle ?? bundleFor(backend),
    );
    set({ status: "ready", loaded: { ...loaded, modelId: model.id }, progress: undefined });
    return model;
  } catch (error) {
    set({ status: "error", loadError: (error as Error).message, progress: undefined });
    throw error;
  }
}

/** After a run, the worker may report that WebGPU fell back to WASM. */
export function noteSession(info: Loaded["info"]) {
  const loaded = get().loaded;
  if (loaded && (loaded.info.ep !== info.ep || loaded.info.fallback !== info.fallback))
    set({ loaded: { ...loaded, info } });
}
