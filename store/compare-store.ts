"use client";
import { create } from "zustand";
import type { Backend } from "@/lib/contract";
import type { SegmentResult } from "@/lib/segmenter/segmenter";
import { latencyOf } from "@/lib/models/configurations";
import type { Metrics } from "@/lib/metrics/derive";
import { currentMode, segmenter, useModelStore, type ModelState } from "@/store/model-store";
import { scoreIfShared, useSegmentStore } from "@/store/segment-store";

export interface Choice {
  modelId: string;
  backend: Backend;
}

export interface Side extends Choice {
  modelName: string;
  /** The execution provider that ran it (WebGPU may fall back to WASM). */
  ep: string;
  labels: Uint8Array;
  width: number;
  height: number;
  /** Preprocess + inference + postprocess, ms. */
  ms: number;
  metrics?: Metrics;
}

interface CompareState {
  choices: [Choice, Choice] | undefined;
  sides?: [Side, Side];
  /** The image both sides ran on. */
  bitmap?: ImageBitmap;
  name?: string;
  busy: boolean;
  error?: string;
  highlight: boolean;
}

export const useCompareStore = create<CompareState>(() => ({ choices: undefined, busy: false, highlight: false }));

const set = useCompareStore.setState;
const get = useCompareStore.getState;

export const setChoice = (side: 0 | 1, choice: Partial<Choice>) => {
  const choices = get().choices ?? defaultChoices();
  if (!choices) return;
  const next = [...choices] as [Choice, Choice];
  next[side] = { ...next[side], ...choice };
  set({ choices: next });
};

export const setHighlight = (highlight: boolean) => set({ highlight });

/** Side A: the page's model and backend; side B: the next model in the list on the same backend. */
export function defaultChoices(
  { manifest, modelId, backend }: Pick<ModelState, "manifest" | "modelId" | "backend"> = useModelStore.getState(),
): [Choice, Choice] | undefined {
  if (!manifest || !modelId) return undefined;
  const ids = manifest.models.map((m) => m.id);
  const other = ids[(ids.indexOf(modelId) + 1) % ids.length];
  return [
    { modelId, backend },
    { modelId: other, backend },
  ];
}

/** A side's scores against the page's ground truth, where there is one of its size. */
function againstTruth(labels: Uint8Array, modelId: string): Metrics | undefined {
  const truth = useSegmentStore.getState().truth;
  return truth && truth.labels.length === labels.length ? scoreIfShared(truth.labels, labels, modelId) : undefined;
}

async function runSide(file: File, choice: Choice): Promise<{ side: Side; out: SegmentResult }> {
  const model = useModelStore.getState().manifest?.models.find((m) => m.id === choice.modelId);
  if (!model) throw new Error(`the model "${choice.modelId}" is not in the list`);
  const out = await segmenter.segment(file, {
    name: file.name,
    model,
    backend: choice.backend,
    mode: currentMode(model),
  });
  const side: Side = {
    ...choice,
    modelName: model.name,
    ep: out.info.ep === "webgpu" ? "WebGPU" : "WASM",
    labels: out.labels,
    width: out.width,
    height: out.height,
    ms: latencyOf(out.timings),
    metrics: againstTruth(out.labels, choice.modelId),
  };
  return { side, out };
}

let latest = 0;
/** The result whose picture the comparison shows. */
let shown: SegmentResult | undefined;

/** Runs the image on screen through both choices, one after the other; the last comparison asked for wins. */
export async function runComparison(): Promise<void> {
  const file = useSegmentStore.getState().file;
  const choices = get().choices ?? defaultChoices();
  if (!file || !choices) return set({ error: "Upload an image first: the comparison runs the image on screen." });
  const token = ++latest;
  set({ busy: true, error: undefined, choices });
  try {
    const a = await runSide(file, choices[0]);
    const b = await runSide(file, choices[1]).catch((error: unknown) => {
      a.out.close();
      throw error;
    });
    b.out.close();
    if (token !== latest) return a.out.close();
    shown?.close();
    shown = a.out;
    set({ sides: [a.side, b.side], bitmap: a.out.bitmap, name: file.name });
  } catch (error) {
    if (token === latest) set({ error: `The comparison failed: ${(error as Error).message}` });
  } finally {
    if (token === latest) set({ busy: false });
  }
}

/** Scores both sides again, after a ground truth was added. */
export function rescoreComparison() {
  const { sides } = get();
  if (!sides) return;
  set({ sides: sides.map((s) => ({ ...s, metrics: againstTruth(s.labels, s.modelId) })) as [Side, Side] });
}

export const closeComparison = () => {
  shown?.close();
  shown = undefined;
  set({ sides: undefined, bitmap: undefined, name: undefined, error: undefined });
};
