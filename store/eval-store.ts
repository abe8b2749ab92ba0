"use client";
import { create } from "zustand";
import { APP } from "@/lib/app-info";
import { inference, InferenceError } from "@/lib/inference/client";
import type { Backend, SessionInfo } from "@/lib/contract";
import { Evaluation } from "@/lib/metrics/evaluation";
import { buildReport, type EvalReport } from "@/lib/metrics/report";
import type { Pair } from "@/lib/voc/dataset";
import { fromFiles, walkEntries, type FoundFile } from "@/lib/voc/folder";
import { setFromFiles, setFromFolder, type VocSet } from "@/lib/voc/voc-set";
import { ensureModel, noteSession, useModelStore } from "@/store/model-store";

export type EvalPair = Pair<FoundFile>;

export interface Progress {
  done: number;
  total: number;
  skipped: number;
  /** performance.now() when the first image started, once the model is loaded. */
  startedAt?: number;
  elapsedMs: number;
}

/** The exported report plus how the run went. */
export type RunReport = EvalReport & {
  status: "complete" | "cancelled" | "failed";
  /** Pairs the run set out to score, and how many it got through (scored or skipped). */
  planned: number;
  processed: number;
  requestedBackend: Backend;
  fallback?: string;
  imagesPerSecond: number;
};

export interface Run {
  id: number;
  name: string;
  report: RunReport;
  error?: string;
  /** The files behind each scored pair, to show thumbnails and open them on the Segment page. */
  pairs: Map<string, EvalPair>;
}

interface EvalState {
  images: FoundFile[];
  masks: FoundFile[];
  set?: VocSet;
  scanning: boolean;
  scanError?: string;
  running: boolean;
  cancelRequested: boolean;
  progress?: Progress;
  /** Why the last run did not start or produced nothing. */
  runMessage?: string;
  runs: Run[];
  shownRun?: number;
  compared: number[];
}

export const useEvalStore = create<EvalState>(() => ({
  images: [],
  masks: [],
  scanning: false,
  running: false,
  cancelRequested: false,
  runs: [],
  compared: [],
}));

const set = useEvalStore.setState;
const get = useEvalStore.getState;

const topFolder = (files: FoundFile[]) => files[0]?.path.split("/")[0] || "the chosen folder";

async function scan(find: () => Promise<FoundFile[]>, name?: string) {
  if (get().running) return;
  set({ scanning: true, scanError: undefined, images: [], masks: [] });
  try {
    const files = await find();
    set({ set: await setFromFolder(files, name ?? topFolder(files)), scanning: false });
  } catch (error) {
    set({ set: undefined, scanning: false, scanError: `The folder could not be read: ${(error as Error).message}` });
  }
}

/** Files from the folder picker (each with its webkitRelativePath). */
export const chooseFolder = (files: File[]) => scan(async () => fromFiles(files));
/** Entries taken from a drop event (see droppedEntries). */
export const dropFolder = (entries: FileSystemEntry[]) =>
  scan(() => walkEntries(entries), entries.length === 1 ? entries[0].name : undefined);

function chooseFiles(kind: "images" | "masks", files: File[]) {
  if (get().running) return;
  const found = fromFiles(files);
  const images = kind === "images" ? found : get().images;
  const masks = kind === "masks" ? found : get().masks;
  set({ images, masks, scanError: undefined, set: setFromFiles(images, masks) });
}
export const chooseImages = (files: File[]) => chooseFiles("images", files);
export const chooseMasks = (files: File[]) => chooseFiles("masks", files);

export function cancelEvaluation() {
  if (get().running) set({ cancelRequested: true });
}

export const showRun = (id: number) => set({ shownRun: id });
export const toggleCompared = (id: number) =>
  set((s) => ({ compared: s.compared.includes(id) ? s.compared.filter((c) => c !== id) : [...s.compared, id] }));

let nextRunId = 1;

/** Scores every pair of the chosen set, one at a time, until done or cancelled; the result is kept as a run. */
export async function runEvaluation() {
  const pairs = get().set?.pairing.pairs ?? [];
  if (get().running || !pairs.length) return;
  const missing = get().set!.pairing.missingFromList;
  set({
    running: true,
    cancelRequested: false,
    runMessage: undefined,
    progress: { done: 0, total: pairs.length, skipped: 0, elapsedMs: 0 },
  });
  let model;
  try {
    model = await ensureModel();
  } catch (error) {
    set({ running: false, progress: undefined, runMessage: (error as Error).message });
    return;
  }
  const requestedBackend = useModelStore.getState().backend;
  let info: SessionInfo | undefined = useModelStore.getState().loaded?.info;
  const evaluation = new Evaluation();
  for (const id of missing) evaluation.skip(id, "listed in val.txt but its image or mask is missing");
  const startedAt = performance.now();
  let processed = 0;
  let status: RunReport["status"] = "complete";
  let failure: string | undefined;
  for (const pair of pairs) {
    if (get().cancelRequested) {
      status = "cancelled";
      break;
    }
    try {
      const [image, mask] = await Promise.all([pair.image.file(), pair.mask.file()]);
      const scored = await inference.score(pair.id, image, mask, model.inputSize);
      evaluation.addCounts(pair.id, scored.width, scored.height, scored.counts, scored.timings);
      info = scored.info;
      noteSession(info);
    } catch (error) {
      evaluation.skip(pair.id, (error as Error).message);
      if (!(error instanceof InferenceError && error.kind === "input")) {
        // The worker may have crashed or lost its model: load it again, or stop here.
        try {
          await ensureModel();
        } catch (reload) {
          status = "failed";
          failure = `The run stopped: ${(reload as Error).message}`;
        }
      }
    }
    processed++;
    set({
      progress: {
        done: processed,
        total: pairs.length,
        skipped: evaluation.skipped.length - missing.length,
        startedAt,
        elapsedMs: performance.now() - startedAt,
      },
    });
    if (failure) break;
  }
  if (!processed) {
    set({
      running: false,
      cancelRequested: false,
      progress: undefined,
      runMessage: "Cancelled before any image was scored.",
    });
    return;
  }
  const seconds = (performance.now() - startedAt) / 1000;
  const id = nextRunId++;
  const report: RunReport = {
    ...buildReport(evaluation, {
      app: APP.name,
      version: APP.version,
      model: { id: model.id, name: model.name, inputSize: model.inputSize, precision: model.precision },
      backend: `onnxruntime-web ${info?.ep ?? requestedBackend}`,
      threads: info?.threads ?? 0,
      seconds,
    }),
    status,
    planned: pairs.length,
    processed,
    requestedBackend,
    ...(info?.fallback ? { fallback: info.fallback } : {}),
    imagesPerSecond: seconds > 0 ? processed / seconds : NaN,
  };
  const scored = new Set(evaluation.images.map((i) => i.id));
  const run: Run = {
    id,
    name: `Run ${id}`,
    report,
    error: failure,
    pairs: new Map(pairs.filter((p) => scored.has(p.id)).map((p) => [p.id, p])),
  };
  set((s) => ({ running: false, cancelRequested: false, progress: undefined, runs: [...s.runs, run], shownRun: id }));
}
