"use client";
import { useId } from "react";
import { useShallow } from "zustand/react/shallow";
import { costKey, referenceScore } from "@/lib/models/configurations";
import { pageFile } from "@/lib/models/manifest";
import { plainModelLabel } from "@/lib/models/plain";
import { currentMode, selectBackend, selectModel, useModelStore } from "@/store/model-store";
import { rerun } from "@/store/segment-store";
import { useScores } from "@/components/models/use-scores";
import { fieldLabel, hint } from "@/components/ui/field";
import { dims, megabytes } from "@/components/ui/format";
import { loadPhase } from "@/components/ui/load-phase";
import { Panel } from "@/components/ui/panel";
import { BackendSelect } from "@/components/ui/backend-select";
import { Select } from "@/components/ui/select";

export function ModelPanel() {
  const id = useId();
  const { manifest, manifestError, modelId, backend, webgpuProblem, fallback, costs } = useModelStore(
    useShallow((s) => ({
      manifest: s.manifest,
      manifestError: s.manifestError,
      modelId: s.modelId,
      backend: s.backend,
      webgpuProblem: s.webgpuProblem,
      fallback: s.loaded?.info.fallback,
      costs: s.costs,
    })),
  );
  const { scores } = useScores();
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
        {manifest?.models.map((m) => {
          const score = scores && referenceScore(scores, m.id);
          const ms = costs[costKey(backend, m.id, currentMode(m))];
          return (
            <option key={m.id} value={m.id}>
              {plainModelLabel(m, pageFile(m).bytes, score && (score.pageMIoU ?? score.mIoU), ms)}
            </option>
          );
        })}
      </Select>
      <ModelDetails />
      <label htmlFor={`${id}-backend`} className={`${fieldLabel} mt-3`}>
        Backend
      </label>
      <BackendSelect
        id={`${id}-backend`}
        className="mt-1 block w-full"
        disabled={!ready}
        value={backend}
        fellBack={Boolean(fallback)}
        onChange={(value) => {
          selectBackend(value);
          void rerun();
        }}
      />
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

/** The technical name behind the plain label. */
function ModelDetails() {
  const model = useModelStore((s) => s.manifest?.models.find((m) => m.id === s.modelId));
  if (!model) return null;
  return (
    <p className={hint}>
      {model.name} · {dims(model.inputSize, model.inputSize)} input · {megabytes(pageFile(model).bytes)} ·{" "}
      {model.precision}. mIoU on the 346-image VOC sample.
    </p>
  );
}

function ModelLoading() {
  const { status, progress, loadError, backend } = useModelStore(
    useShallow((s) => ({ status: s.status, progress: s.progress, loadError: s.loadError, backend: s.backend })),
  );
  if (status === "error") return <p className="mt-2 text-sm text-red-700 dark:text-red-400">{loadError}</p>;
  if (status !== "loading") return null;
  const downloading = progress !== undefined && progress.loaded < progress.total;
  return (
    <div className="mt-3 text-xs text-neutral-600 dark:text-neutral-400">
      {downloading ? (
        <progress aria-label="Model download" className="h-2 w-full" value={progress.loaded} max={progress.total} />
      ) : (
        <progress aria-label="Model preparation" className="h-2 w-full" />
      )}
      <p role="status">{loadPhase(progress, backend)}</p>
    </div>
  );
}
