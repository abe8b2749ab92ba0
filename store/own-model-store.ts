"use client";
// Adding the user's own model: convert in a worker, keep it, list it in the model select, load it.
import { create } from "zustand";
import type { ConvertPhase } from "@/lib/convert";
import { convertInWorker } from "@/lib/own-model/convert-client";
import type { OnnxForm } from "@/lib/own-model/onnx-model";
import { MAX_MODEL_BYTES } from "@/lib/own-model/prepare";
import { ownModelInfo } from "@/lib/own-model/model-info";
import { removeStoredModel, storeModel } from "@/lib/own-model/storage";
import { initModels, loadModel, selectModel, setOwnModels } from "@/store/model-store";

export type Phase = ConvertPhase | "create session";
export const PHASE_NAMES: Record<Phase, string> = {
  read: "Read the file",
  rewrite: "Rewrite the graph",
  convert: "Convert to ONNX",
  write: "Write the ONNX file",
  "create session": "Create the session",
};

interface OwnModelState {
  busy: boolean;
  /** The phases of the latest conversion; one without `ms` is running, or failed when not busy. */
  phases: { phase: Phase; ms?: number }[];
  error?: string;
  /** The model added last. */
  added?: string;
  /** A labels file for the next model, when the model carries none. */
  labels?: { name: string; text: string };
  /** An .onnx file waiting for its input size and normalisation (the form). */
  pendingOnnx?: File;
}

export const useOwnModelStore = create<OwnModelState>(() => ({ busy: false, phases: [] }));
const set = useOwnModelStore.setState;
const get = useOwnModelStore.getState;

let start = 0;

/** Marks the running phase done. */
function endPhase() {
  const now = performance.now();
  set({ phases: get().phases.map((p) => (p.ms === undefined ? { ...p, ms: now - start } : p)) });
  start = now;
}

function startPhase(phase: Phase) {
  endPhase();
  set({ phases: [...get().phases, { phase }] });
}

export async function setLabelsFile(file: File | undefined) {
  set({ labels: file ? { name: file.name, text: await file.text() } : undefined, error: undefined });
}

/**
 * Converts a model file, stores it and selects it; `onReady` runs once its session exists (to re-run the page's image).
 * A refusal leaves everything as it was, with the reason in `error`.
 */
export async function addModelFile(file: File, onReady?: () => void, onnx?: OnnxForm): Promise<void> {
  if (get().busy) return;
  if (/\.onnx$/i.test(file.name) && !onnx) return set({ pendingOnnx: file, error: undefined, phases: [] });
  set({ busy: true, error: undefined, phases: [], added: undefined, pendingOnnx: undefined });
  start = performance.now();
  try {
    if (file.size > MAX_MODEL_BYTES)
      throw new Error(
        `"${file.name}" is ${(file.size / 2 ** 20).toFixed(0)} MB; models of up to ${MAX_MODEL_BYTES / 2 ** 20} MB are taken.`,
      );
    const bytes = await file.arrayBuffer();
    const prepared = await convertInWorker({ name: file.name, bytes, labels: get().labels, onnx }, startPhase);
    const info = ownModelInfo(prepared);
    await initModels();
    setOwnModels(await storeModel(info, prepared.onnx));
    startPhase("create session");
    selectModel(info.id);
    await loadModel(info.id);
    endPhase();
    set({ added: info.id });
    onReady?.();
  } catch (error) {
    set({ error: (error as Error).message });
  } finally {
    set({ busy: false });
  }
}

export async function removeOwnModel(id: string): Promise<void> {
  try {
    setOwnModels(await removeStoredModel(id));
  } catch (error) {
    set({ error: `The model could not be removed: ${(error as Error).message}` });
  }
}

export const cancelOnnx = () => set({ pendingOnnx: undefined });
