"use client";
import { create } from "zustand";
import { defaultThreads, webgpuUnavailable } from "@/lib/inference/capabilities";
import { inference, InferenceClient, type Loaded } from "@/lib/inference/client";
import { ORT_BUNDLES, bundleFor, type Backend, type Bundle } from "@/lib/contract";
import { findModel, pageFile, parseManifest, type Manifest, type ModelInfo } from "@/lib/models/manifest";
import { costKey } from "@/lib/models/configurations";
import { qualityChoice, qualityMode, type Quality } from "@/lib/models/quality";
import { parseMode, type Mode } from "@/lib/pipeline/modes";
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

let lock: Promise<unknown> = Promise.resolve();

/**
 * Runs `work` (a model load and the runs that need it) after every earlier such piece of work, so two callers
 * never interleave a load of one model with a run meant for another.
 */
export function exclusive<T>(work: () => Promise<T>): Promise<T> {
  const next = lock.then(work, work);
  lock = next.catch(() => {});
  return next;
}

/** Workers of their own for runs on several lanes (see lanesFor), kept from one such run to the next. */
const laneWorkers: InferenceClient[] = [];

/**
 * The workers of `count` lanes: the shared worker for one lane, else workers of their own, so that a run on
 * several lanes never takes the shared one from the other pages. Lane workers past `count` are stopped.
 */
export function laneClients(count: number): InferenceClient[] {
  const keep = count > 1 ? count : 0;
  while (laneWorkers.length < keep) laneWorkers.push(new InferenceClient());
  for (const spare of laneWorkers.splice(keep)) spare.terminate();
  return count > 1 ? [...laneWorkers] : [inference];
}

/** Ends the lanes' own workers (each holds a session): for when no run on several lanes can follow soon. */
export function releaseLanes() {
  for (const worker of laneWorkers.splice(0)) worker.terminate();
}

/**
 * Loads (or reuses) a model, the selected one by default, in the worker, on the selected backend unless
 * another is given; resolves to it once ready. Given the workers of several lanes (see laneClients), it loads
 * the model into each, sharing the selected threads out between them.
 */
export async function ensureModel(
  modelId?: string,
  backendOverride?: Backend,
  lanes: readonly InferenceClient[] = [inference],
): Promise<ModelInfo> {
  await initModels();
  const { manifest, bundle } = get();
  const backend = backendOverride ?? get().backend;
  const threads = Math.max(1, Math.floor(get().threads / lanes.length));
  const id = modelId ?? get().modelId;
  const model = manifest && id ? manifest.models.find((m) => m.id === id) : undefined;
  if (!manifest || !model) throw new Error(get().manifestError ?? "The model list is not loaded yet.");
  set({ status: "loading", loadError: undefined, progress: undefined });
  try {
    const file = pageFile(model);
    const url = model.custom ? file.file : `/models/${file.file}?v=${manifest.converter}`;
    const onProgress = (l: number, t: number) => set({ progress: { loaded: l, total: t } });
    const load = (client: InferenceClient, progress?: typeof onProgress) =>
      client.load(
        { url, bytes: file.bytes, sha256: file.sha256 },
        backend,
        threads,
        progress,
        bundle ?? bundleFor(backend),
      );
    // The first lane downloads the file into the cache; the others then read it from there.
    const loaded = await load(lanes[0], onProgress);
    await Promise.all(lanes.slice(1).map((client) => load(client)));
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
