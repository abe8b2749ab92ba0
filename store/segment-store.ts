"use client";
import { create } from "zustand";
import { readImageHeader } from "@/lib/image/header";
import { InferenceError } from "@/lib/inference/client";
import type { Segmented } from "@/lib/inference/protocol";
import { latencyOf } from "@/lib/models/configurations";
import type { Metrics } from "@/lib/metrics/derive";
import { vocMetrics } from "@/lib/metrics/voc-sharing";
import { VOC_CLASSES } from "@/lib/voc/classes";
import { checkSameSize, decodeLabelPng, LabelFormatError } from "@/lib/voc/label-png";
import { currentModel, initModels, noteCost, segmenter, useModelStore } from "@/store/model-store";

export type View = "overlay" | "image" | "mask" | "errors";

/** Hidden at first, so the overlay shows the objects rather than darkening the whole image. */
const BACKGROUND = 0;

export interface Result extends Segmented {
  name: string;
  modelId: string;
  /** Pixels per class, one entry per class of the model. */
  counts: Float64Array;
  /** Frees the result's picture; the store calls it when the result is replaced. */
  close(): void;
}

export interface Truth {
  name: string;
  labels: Uint8Array;
  metrics: Metrics;
}

interface SegmentState {
  /** The image currently shown, kept to re-run it with another model or backend. */
  file?: File;
  result?: Result;
  truth?: Truth;
  busy: boolean;
  /** Completed model runs since the page loaded. */
  runs: number;
  drawMs?: number;
  error?: string;
  view: View;
  /** Mask opacity in percent. */
  opacity: number;
  hidden: readonly number[];
  /** Class under the pointer or the keyboard cursor (and in the ground truth there), when over the image. */
  pointer?: { predicted: number; truth?: number; cursor?: { x: number; y: number } };
  dragging: boolean;
}

export const useSegmentStore = create<SegmentState>(() => ({
  busy: false,
  runs: 0,
  view: "overlay",
  opacity: 60,
  hidden: [],
  dragging: false,
}));

const set = useSegmentStore.setState;
const get = useSegmentStore.getState;

let latest = 0;
let running: Promise<void> = Promise.resolve();
/** The image the user asked for last, shown or not yet: a model or backend change re-runs this one. */
let wanted: File | undefined;

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return error instanceof InferenceError && error.kind === "runtime" ? `Inference failed: ${message}` : message;
}

/** Scored over the classes the result's model shares with VOC (all of them for the app's models). */
export function score(gt: Uint8Array, pred: Uint8Array, modelId: string): Metrics {
  const labels = useModelStore.getState().manifest?.models.find((m) => m.id === modelId)?.labels;
  return vocMetrics(gt, pred, labels);
}

/** score(), or undefined where the model shares no class with VOC. */
export function scoreIfShared(gt: Uint8Array, pred: Uint8Array, modelId: string): Metrics | undefined {
  try {
    return score(gt, pred, modelId);
  } catch {
    return undefined;
  }
}

/**
 * Segments a file and shows it. A failure leaves the earlier result on screen; when several runs
 * overlap, the last one started wins. `same` keeps the ground truth and hidden classes (a re-run).
 */
export function segmentFile(file: File, same = false): Promise<void> {
  const token = ++latest;
  wanted = file;
  set({ busy: true });
  running = (async () => {
    try {
      // Refused from its header here, without waiting for the worker, which may be busy with a run.
      await readImageHeader(file, file.name);
      await initModels();
      const out = await segmenter.segment(file, { name: file.name });
      const { model } = out;
      set((s) => ({ runs: s.runs + 1 }));
      noteCost(out.backend, model.id, out.mode, latencyOf(out.timings));
      if (token !== latest) return out.close();
      const prev = get();
      const keep = same && prev.truth?.labels.length === out.labels.length;
      // A model that shares no class with VOC shows its mask without the ground truth's scores.
      const metrics = keep ? scoreIfShared(prev.truth!.labels, out.labels, model.id) : undefined;
      const truth = metrics ? { ...prev.truth!, metrics } : undefined;
      prev.result?.close();
      set({
        file,
        truth,
        error: undefined,
        pointer: undefined,
        result: { ...out, name: file.name, modelId: model.id },
        hidden: same ? prev.hidden : [BACKGROUND],
        view: prev.view === "errors" && !truth ? "overlay" : prev.view,
      });
    } catch (error) {
      if (token !== latest) return;
      // A refused file is not what a model switch should re-run: the image on screen is.
      wanted = get().file;
      set({ error: describe(error) });
    } finally {
      if (token === latest) set({ busy: false });
    }
  })();
  return running;
}

/** Runs the latest image again, after the model, backend or quality changed, even if its first run is not done. */
export function rerun(): Promise<void> {
  return wanted ? segmentFile(wanted, wanted === get().file) : Promise.resolve();
}

/** Reads a VOC mask PNG and scores the current prediction against it. */
export async function loadTruth(file: File): Promise<void> {
  await running;
  const { result } = get();
  if (!result) return set({ error: "Upload an image first: the ground truth is compared with its prediction." });
  try {
    if (file.size === 0) throw new LabelFormatError(`"${file.name}" is empty (0 bytes).`);
    // A mask of another size is refused from its header, before it is inflated on the main thread.
    const gt = decodeLabelPng(new Uint8Array(await file.arrayBuffer()), result);
    checkSameSize(gt, result.width, result.height);
    set({
      truth: { name: file.name, labels: gt.labels, metrics: score(gt.labels, result.labels, result.modelId) },
      error: undefined,
    });
  } catch (error) {
    set({ error: `"${file.name}" cannot be used as ground truth. ${describe(error)}` });
  }
}

export const setView = (view: View) => set({ view });
export const setOpacity = (opacity: number) => set({ opacity });
export const dismissError = () => set({ error: undefined });
export const setDragging = (dragging: boolean) => set({ dragging });
export const noteDraw = (drawMs: number) => set({ drawMs });

export function toggleClass(k: number) {
  const hidden = get().hidden;
  set({ hidden: hidden.includes(k) ? hidden.filter((h) => h !== k) : [...hidden, k] });
}

/** Hides every class of the shown result's model (else the selected one's) but k. */
export function onlyClass(k: number) {
  const classes = get().result?.counts.length ?? currentModel()?.classes ?? VOC_CLASSES.length;
  set({ hidden: Array.from({ length: classes }, (_, c) => c).filter((c) => c !== k) });
}

export const showAllClasses = () => set({ hidden: [] });

/**
 * Records the class at pixel (x, y), or clears it when the pointer leaves the image. `cursor` marks a
 * keyboard cursor, whose position is shown with the class.
 */
export function pointAt(x?: number, y?: number, cursor = false) {
  const { result, truth, pointer } = get();
  if (!result || x === undefined || y === undefined) return pointer && set({ pointer: undefined });
  const i = y * result.width + x;
  const predicted = result.labels[i];
  const gt = truth?.labels[i];
  if (cursor) return set({ pointer: { predicted, truth: gt, cursor: { x, y } } });
  if (pointer?.predicted !== predicted || pointer.truth !== gt || pointer.cursor)
    set({ pointer: { predicted, truth: gt } });
}
