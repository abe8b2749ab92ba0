"use client";
import { create } from "zustand";
import { defaultThreads, webgpuUnavailable } from "@/lib/inference/capabilities";
import { ORT_BUNDLES, type Backend, type Bundle, type SessionInfo } from "@/lib/contract";
import { browserHost, modelSource } from "@/lib/segmenter/browser";
import type { Loaded } from "@/lib/segmenter/host";
import { Segmenter } from "@/lib/segmenter/segmenter";
import { findModel, parseManifest, type Manifest, type ModelInfo } from "@/lib/models/manifest";
import { costKey } from "@/lib/models/configurations";
import { qualityChoice, qualityMode, type Quality } from "@/lib/models/quality";
import { parseMode, REFERENCE_MODE, type Mode } from "@/lib/pipeline/modes";
import { listStoredModels } from "@/lib/own-model/storage";

export interface ModelState {
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
  /** The accuracy asked for on the Segment page; each quality names a mode per model. */
  quality: Quality;
  /** A mode applied from /models that no quality of its model gives; it wins over the quality. */
  customMode?: Mode;
  /** Milliseconds from input to class map (no decode) per costKey, the latest run or measurement. */
  costs: Record<string, number>;
}

export const useModelStore = create<ModelState>(() => ({
  backend: "wasm",
  threads: 1,
  status: "idle",
  quality: "reference",
  costs: {},
}));

const set = useModelStore.setState;
const get = useModelStore.getState;

let initialized: Promise<void> | undefined;

/** A mode key from the URL, or undefined where it does not parse. */
function readMode(key: string): Mode | undefined {
  try {
    return parseMode(key);
  } catch {
    return undefined;
  }
}

/**
 * Reads the manifest and the browser's capabilities once; URL parameters model, backend, threads and mode
 * (a mode key, e.g. pad+flip) override defaults.
 */
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
    const own = await listStoredModels().catch(() => []);
    const manifest = { ...all, models: [...all.models.filter((m) => !m.cliOnly), ...own] };
    const requested = params.get("model");
    const modelId = requested && manifest.models.some((m) => m.id === requested) ? requested : manifest.default;
    set({ manifest, modelId, backend, threads, bundle, webgpuProblem });
    const mode = params.get("mode");
    if (mode) applyConfiguration(modelId, readMode(mode));
  } catch (error) {
    set({
      manifestError: `The model list could not be loaded (${(error as Error).message}). Run "npm run models" and reload.`,
      backend,
      threads,
      webgpuProblem,
    });
  }
}

/** Selects a model, keeping the quality, and a custom mode while the model can run it. */
export const selectModel = (modelId: string) => applyConfiguration(modelId, get().customMode);
export const selectBackend = (backend: Backend) => set({ backend });

/** Replaces the user's own models (lib/own-model) in the model list. */
export function setOwnModels(own: ModelInfo[]) {
  const manifest = get().manifest;
  if (!manifest) return;
  const models = [...manifest.models.filter((m) => !m.custom), ...own];
  const modelId = models.some((m) => m.id === get().modelId) ? get().modelId : manifest.default;
  set({ manifest: { ...manifest, models }, modelId });
}
export const selectThreads = (threads: number) => set({ threads });
export const selectQuality = (quality: Quality) => set({ quality, customMode: undefined });

/** Selects a model and a mode: the quality that gives it, else the mode itself if the model can run it. */
export function applyConfiguration(modelId: string, mode: Mode | undefined) {
  const model = get().manifest?.models.find((m) => m.id === modelId);
  set({ modelId, ...(model && qualityChoice(model, mode, get().quality)) });
}

export function currentModel(): ModelInfo | undefined {
  const { manifest, modelId } = get();
  return manifest && modelId ? findModel(manifest, modelId) : undefined;
}

/** The mode the Segment page runs the model in. */
export function currentMode(model: ModelInfo): Mode {
  const { customMode, quality } = get();
  return customMode ?? qualityMode(model, quality);
}

export function noteCost(backend: Backend, modelId: string, mode: Mode, ms: number) {
  set((s) => ({ costs: { ...s.costs, [costKey(backend, modelId, mode)]: ms } }));
}

/**
 * The app's one Segmenter. Its options follow the selection (subscribe below); the page's stores and components
 * run everything through it, so every run takes its lock.
 */
export const segmenter = new Segmenter(
  browserHost(),
  (model) => modelSource(get().manifest ?? { converter: "" })(model),
  { backend: "wasm", threads: 1, mode: REFERENCE_MODE },
  {
    status: (s) => {
      if (s.status === "loading") set({ status: "loading", loadError: undefined, progress: s.progress });
      else if (s.status === "ready") set({ status: "ready", loaded: s.loaded, progress: undefined });
      else set({ status: "error", loadError: s.message, progress: undefined });
    },
    session: noteSession,
  },
);

function follow(state: ModelState) {
  const model = state.manifest && state.modelId ? state.manifest.models.find((m) => m.id === state.modelId) : undefined;
  const { backend, threads, bundle } = state;
  segmenter.setOptions({ model, backend, threads, bundle, mode: model ? currentMode(model) : REFERENCE_MODE });
}
useModelStore.subscribe(follow);

/** Loads the selected model, or the one given, once the model list is in. */
export async function loadModel(modelId?: string): Promise<ModelInfo> {
  await initModels();
  const { manifest } = get();
  const id = modelId ?? get().modelId;
  const model = manifest && id ? manifest.models.find((m) => m.id === id) : undefined;
  if (!manifest || !model) throw new Error(get().manifestError ?? "The model list is not loaded yet.");
  return segmenter.load(model);
}

/** After a run, the worker may report that WebGPU fell back to WASM. */
function noteSession(info: SessionInfo) {
  const loaded = get().loaded;
  if (loaded && (loaded.info.ep !== info.ep || loaded.info.fallback !== info.fallback))
    set({ loaded: { ...loaded, info } });
}
