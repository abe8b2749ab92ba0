"use client";
import { useId } from "react";
import { useShallow } from "zustand/react/shallow";
import type { Backend } from "@/lib/contract";
import { pageFile } from "@/lib/models/manifest";
import { selectBackend, selectModel, useModelStore } from "@/store/model-store";
import { rerun } from "@/store/segment-store";
import { fieldLabel, hint } from "@/components/ui/field";
import { dims, megabytes } from "@/components/ui/format";
import { Panel } from "@/components/ui/panel";
import { Select } from "@/components/ui/select";

export function ModelPanel() {
  const id = useId();
  const { manifest, manifestError, modelId, backend, webgpuProblem } = useModelStore(
    useShallow((s) => ({
      manifest: s.manifest,
      manifestError: s.manifestError,
      modelId: s.modelId,
      backend: s.backend,
      webgpuProblem: s.webgpuProblem,
    })),
  );
  const ready = Boolean(manifest || manifestError);
  return (
    <Panel title="Model">
      <label htmlFor={`${id}-model`} className={fieldLabel}>
        Model
      </label>
      <Select
        id={`${id}-model`}
        className="mt-1 block w-full"
        disabled={!manifest}
        value={modelId ?? ""}
        onChange={(e) => {
          selectModel(e.target.value);
          void rerun();
        }}
      >
        {manifest?.models.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name} · {megabytes(pageFile(m).bytes)}
          </option>
        ))}
      </Select>
      <ModelDetails />
      <label htmlFor={`${id}-backend`} className={`${fieldLabel} mt-3`}>
        Backend
      </label>
      <Select
        id={`${id}-backend`}
        className="mt-1 block w-full"
        disabled={!ready}
        value={backend}
        onChange={(e) => {
          selectBackend(e.target.value as Backend);
          void rerun();
        }}
      >
        <option value="webgpu">WebGPU</option>
        <option value="wasm">WASM</option>
      </Select>
      {webgpuProblem && <p className={hint}>WebGPU is not usable here: {webgpuProblem}.</p>}
      {manifestError && (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
          {manifestError}
        </p>
      )}
      <ModelLoading />
    </Panel>
  );
}

function ModelDetails() {
  const model = useModelStore((s) => s.manifest?.models.find((m) => m.id === s.modelId));
  if (!model) return null;
  return (
    <p className={hint}>
      {dims(model.inputSize, model.inputSize)} input · {megabytes(pageFile(model).bytes)} · {model.precision}
    </p>
  );
}

function ModelLoading() {
  const { status, progress, loadError } = useModelStore(
    useShallow((s) => ({ status: s.status, progress: s.progress, loadError: s.loadError })),
  );
  if (status === "error") return <p className="mt-2 text-sm text-red-700 dark:text-red-400">{loadError}</p>;
  if (status !== "loading") return null;
  return (
    <div className="mt-3 text-xs text-neutral-600 dark:text-neutral-400">
      <progress aria-label="Model download" className="h-2 w-full" value={progress?.loaded} max={progress?.total} />
      <p>
        {progress ? `Downloading ${megabytes(progress.loaded)} of ${megabytes(progress.total)}` : "Loading the model…"}
      </p>
    </div>
  );
}
