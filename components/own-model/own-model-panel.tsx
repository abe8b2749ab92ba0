"use client";
import { useId, type DragEvent } from "react";
import { useShallow } from "zustand/react/shallow";
import { addModelFile, PHASE_NAMES, removeOwnModel, setLabelsFile, useOwnModelStore } from "@/store/own-model-store";
import { useModelStore } from "@/store/model-store";
import { Button, FileButton, takeFile } from "@/components/ui/button";
import { hint } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import { OnnxForm } from "@/components/own-model/onnx-form";

const isLabels = (f: File) => /\.txt$/i.test(f.name) && !/\.(tflite|onnx)$/i.test(f.name);

/**
 * "Add your own model": a .tflite by picker or drop, converted in a worker on this machine, kept in the browser
 * and listed in the Model select. `onReady` runs once the model is loaded (the segmentation page re-runs its image).
 */
export function OwnModelPanel({ onReady, disabled = false }: { onReady?: () => void; disabled?: boolean }) {
  const id = useId();
  const { busy, phases, error, labels } = useOwnModelStore(
    useShallow((s) => ({ busy: s.busy, phases: s.phases, error: s.error, labels: s.labels })),
  );
  const own = useModelStore(useShallow((s) => s.manifest?.models.filter((m) => m.custom) ?? []));
  const take = async (files: File[]) => {
    const labelsFile = files.find(isLabels);
    const model = files.find((f) => f !== labelsFile) ?? (labelsFile && files.length === 1 ? undefined : files[0]);
    if (labelsFile) await setLabelsFile(labelsFile);
    if (model && !disabled) await addModelFile(model, onReady);
  };
  const onDragOver = (e: DragEvent) => {
    if (!e.dataTransfer.types.includes("Files")) return;
    e.preventDefault();
    e.stopPropagation();
  };
  const onDrop = (e: DragEvent) => {
    const files = [...e.dataTransfer.files];
    if (!files.length) return;
    e.preventDefault();
    e.stopPropagation();
    void take(files);
  };
  return (
    <Panel title="Your own model">
      <div
        role="group"
        aria-label="Drop a model file here"
        onDragOver={onDragOver}
        onDrop={onDrop}
        className="rounded-md border border-dashed border-neutral-300 p-3 dark:border-neutral-700"
      >
        <div className="flex flex-wrap gap-2">
          <FileButton
            label="Add your own model"
            accept=".tflite,.onnx"
            disabled={busy || disabled}
            onChange={takeFile((file) => addModelFile(file, onReady))}
          />
          <FileButton label="Labels file" accept=".txt,text/plain" onChange={takeFile(setLabelsFile)} />
        </div>
        <p className={hint}>
          A .tflite or .onnx segmentation model, or drop it here: converted on this machine, never uploaded. Class names
          come from its metadata, else a labels file (one name per line), else VOC&apos;s 21.
        </p>
        {labels && (
          <p className={hint}>
            Labels: {labels.name}{" "}
            <button type="button" className="underline" onClick={() => void setLabelsFile(undefined)}>
              Clear labels file
            </button>
          </p>
        )}
      </div>
      <OnnxForm onReady={onReady} />
      {phases.length > 0 && (
        <ol
          aria-label="Conversion progress"
          className="mt-2 space-y-0.5 text-xs text-neutral-600 dark:text-neutral-400"
        >
          {phases.map((p) => (
            <li key={p.phase}>
              {PHASE_NAMES[p.phase]} ·{" "}
              {p.ms !== undefined ? `done in ${p.ms.toFixed(0)} ms` : busy ? "running…" : "failed"}
            </li>
          ))}
        </ol>
      )}
      {error && (
        <p id={`${id}-error`} role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      {own.length > 0 && (
        <ul aria-label="Your models" className="mt-3 space-y-1 text-sm">
          {own.map((m) => (
            <li key={m.id} className="flex items-center gap-2">
              <span className="min-w-0 flex-1 truncate" title={m.custom?.normalization}>
                {m.custom?.fileName} · {m.classes} classes (
                {m.custom?.labelSource === "voc" ? "VOC" : `labels from ${m.custom?.labelSource}`})
              </span>
              <Button
                aria-label={`Remove ${m.custom?.fileName}`}
                disabled={disabled}
                onClick={() => void removeOwnModel(m.id)}
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
