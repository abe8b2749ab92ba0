"use client";
import { create } from "zustand";
import { APP } from "@/lib/app-info";
import type { Backend } from "@/lib/contract";
import type { RunStatus } from "@/lib/eval";
import { buildReport, type EvalReport } from "@/lib/metrics/report";
import type { Pair } from "@/lib/voc/dataset";
import { fromFiles, walkEntries, type FoundFile } from "@/lib/voc/folder";
import { setFromFiles, setFromFolder, type VocSet } from "@/lib/voc/voc-set";
import { sharedNote, vocSharing, type VocSharing } from "@/lib/metrics/voc-sharing";
import { clearRuns, loadRuns, saveRun } from "@/lib/storage/run-history";
import { currentModel, initModels, segmenter, useModelStore } from "@/store/model-store";

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
  status: RunStatus;
  /** Pairs the run set out to score, and how many it got through (scored or skipped). */
  planned: number;
  processed: number;
  requestedBackend: Backend;
  /** Sessions that ran side by side, each on `threads` threads (see lanesFor); absent for one. */
  workers?: number;
  fallback?: string;
  imagesPerSecond: number;
};

export interface Run {
  id: number;
  name: string;
  report: RunReport;
  error?: string;
  /** The files behind each scored pair, to show thumbnails and open them on the Segment page; empty for a run restored after a reload. */
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
  /** Why the saved runs could not be read or written, if so. */
  historyError?: string;
  shownRun?: number;
  compared: number[];
  /** What "Clear history" last removed, until Undo puts it back or a new run is added. */
  cleared?: { runs: Run[]; shownRun?: number; compared: number[] };
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

/** Leaving /evaluate stops its run; when none is under way, the extra sessions of the last one are let go too. */
export function leaveEvaluation() {
  if (get().running) cancelEvaluation();
  else segmenter.releaseLanes();
}

export function cancelEvaluation() {
  if (!get().running) return;
  set({ cancelRequested: true });
  // A run waits for its model before the first image: stop that load rather than wait for it (or forever, if it hangs).
  if (useModelStore.getState().status === "loading")
    segmenter.cancelLoad("Loading stopped: the evaluation was cancelled.");
}

const CANCELLED_EARLY = "Cancelled before any image was scored.";

export const showRun = (id: number) => set({ shownRun: id });
export const toggleCompared = (id: number) =>
  set((s) => ({ compared: s.compared.includes(id) ? s.compared.filter((c) => c !== id) : [...s.compared, id] }));

let nextRunId = 1;

/** Milliseconds between progress updates: rendering after every pair takes main-thread time from the run. */
const PROGRESS_MS = 100;

/** Scores every pair of the chosen set in the worker, until done or cancelled; the result is kept as a run. */
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
  const requestedBackend = useModelStore.getState().backend;
  let startedAt = performance.now();
  let skipped = 0;
  let shown = startedAt;
  let evaluated;
  let sharing: VocSharing | undefined;
  try {
    await initModels();
    const selected = currentModel();
    const { sharing: shared, problem } = selected?.labels ? vocSharing(selected.labels) : {};
    if (problem) throw new Error(`${selected!.name} cannot be scored on this set: ${problem}.`);
    sharing = shared;
    evaluated = await segmenter.evaluate(pairs, {
      files: (pair) => Promise.all([pair.image.file(), pair.mask.file()]),
      classMap: sharing?.classMap,
      missing,
      scored: sharing?.scored,
      cancelled: () => get().cancelRequested,
      onLoaded: () => {
        startedAt = shown = performance.now();
      },
      onPair: (event) => {
        if ("skipped" in event) skipped++;
        const now = performance.now();
        if (now - shown < PROGRESS_MS && event.index + 1 < pairs.length) return;
        shown = now;
        set({
          progress: {
            done: event.index + 1,
            total: pairs.length,
            skipped,
            startedAt,
            elapsedMs: performance.now() - startedAt,
          },
        });
      },
    });
  } catch (error) {
    const runMessage = get().cancelRequested ? CANCELLED_EARLY : (error as Error).message;
    set({ running: false, cancelRequested: false, progress: undefined, runMessage });
    return;
  }
  const { run, model, lanes } = evaluated;
  const info = evaluated.info ?? useModelStore.getState().loaded?.info;
  if (!run.processed) {
    set({
      running: false,
      cancelRequested: false,
      progress: undefined,
      runMessage: CANCELLED_EARLY,
    });
    return;
  }
  await restoreRuns();
  const id = nextRunId++;
  const report: RunReport = {
    ...buildReport(run.evaluation, {
      app: APP.name,
      version: APP.version,
      model: { id: model.id, name: model.name, inputSize: model.inputSize, precision: model.precision },
      backend: `onnxruntime-web ${info?.ep ?? requestedBackend}`,
      threads: info?.threads ?? 0,
      seconds: run.seconds,
    }),
    status: run.status,
    planned: pairs.length,
    processed: run.processed,
    requestedBackend,
    ...(lanes > 1 ? { workers: lanes } : {}),
    ...(info?.fallback ? { fallback: info.fallback } : {}),
    imagesPerSecond: run.seconds > 0 ? run.processed / run.seconds : NaN,
  };
  const scored = new Set(run.evaluation.images.map((i) => i.id));
  const kept = new Map(pairs.filter((p) => scored.has(p.id)).map((p) => [p.id, p]));
  const entry: Run = { id, name: `Run ${id}`, report, error: run.failure, pairs: kept };
  set((s) => ({
    running: false,
    cancelRequested: false,
    progress: undefined,
    runs: [...s.runs, entry],
    cleared: undefined,
    shownRun: id,
    runMessage: sharing && sharedNote(model.name, sharing),
  }));
  await saveRun({ id, name: entry.name, report, error: entry.error }).catch((error: Error) =>
    set({ historyError: `This run could not be saved for later visits: ${error.message}` }),
  );
}

let restored: Promise<void> | undefined;

/** Puts the runs saved by earlier visits back, before any run of this visit. */
export function restoreRuns(): Promise<void> {
  restored ??= loadRuns<RunReport>().then(
    (saved) => {
      if (!saved.length) return;
      nextRunId = Math.max(nextRunId, ...saved.map((r) => r.id + 1));
      const known = new Set(get().runs.map((r) => r.id));
      const old: Run[] = saved.filter((r) => !known.has(r.id)).map((r) => ({ ...r, pairs: new Map() }));
      set((s) => ({ runs: [...old, ...s.runs], shownRun: s.shownRun ?? old.at(-1)?.id }));
    },
    (error: Error) => set({ historyError: `Earlier runs could not be read: ${error.message}` }),
  );
  return restored;
}

/** Forgets every run, on screen and saved; undoClear() brings them back. */
export async function clearHistory(): Promise<void> {
  const { running, runs, shownRun, compared } = get();
  if (running || !runs.length) return;
  set({ runs: [], shownRun: undefined, compared: [], historyError: undefined, cleared: { runs, shownRun, compared } });
  await clearRuns().catch((error: Error) =>
    set({ historyError: `The saved runs could not be cleared: ${error.message}` }),
  );
}

/** Puts back the runs the last "Clear history" removed, on screen and saved. */
export async function undoClear(): Promise<void> {
  const { cleared } = get();
  if (!cleared) return;
  set((s) => ({
    runs: [...cleared.runs, ...s.runs],
    shownRun: cleared.shownRun,
    compared: cleared.compared,
    cleared: undefined,
  }));
  for (const { id, name, report, error } of cleared.runs)
    await saveRun({ id, name, report, error }).catch((e: Error) =>
      set({ historyError: `${name} could not be saved again: ${e.message}` }),
    );
}
