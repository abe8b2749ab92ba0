"use client";
import { throughput } from "@/lib/metrics/rates";
import { cancelEvaluation, runEvaluation, useEvalStore } from "@/store/eval-store";
import { selectBackend, selectModel, useModelStore } from "@/store/model-store";
import { Button } from "@/components/ui/button";
import { BackendSelect } from "@/components/ui/backend-select";
import { loadPhase } from "@/components/ui/load-phase";
import { decimal, duration } from "@/components/ui/format";
import { Select } from "@/components/ui/select";

export function RunControls() {
  const manifest = useModelStore((s) => s.manifest);
  const manifestError = useModelStore((s) => s.manifestError);
  const modelId = useModelStore((s) => s.modelId);
  const backend = useModelStore((s) => s.backend);
  const webgpuProblem = useModelStore((s) => s.webgpuProblem);
  const pairs = useEvalStore((s) => s.set?.pairing.pairs.length ?? 0);
  const running = useEvalStore((s) => s.running);
  const cancelRequested = useEvalStore((s) => s.cancelRequested);
  const runMessage = useEvalStore((s) => s.runMessage);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-4">
        <span className="flex max-w-full min-w-0 items-center gap-2">
          <label htmlFor="eval-model">Model</label>
          <Select
            id="eval-model"
            className="max-w-full min-w-0 flex-1"
            value={modelId ?? ""}
            disabled={running || !manifest}
            onChange={(e) => selectModel(e.target.value)}
          >
            {!manifest && <option value="">Loading models…</option>}
            {manifest?.models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </Select>
        </span>
        <span className="flex items-center gap-2">
          <label htmlFor="eval-backend">Backend</label>
          <BackendSelect id="eval-backend" value={backend} disabled={running || !manifest} onChange={selectBackend} />
        </span>
        <Button look="primary" disabled={running || !pairs || !manifest} onClick={() => void runEvaluation()}>
          Run evaluation
        </Button>
        {running && (
          <Button disabled={cancelRequested} onClick={cancelEvaluation}>
            Cancel
          </Button>
        )}
      </div>
      {backend === "webgpu" && webgpuProblem && (
        <p className="text-sm text-amber-700 dark:text-amber-400">{webgpuProblem}; the run will fall back to WASM.</p>
      )}
      {manifestError && (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {manifestError}
        </p>
      )}
      {runMessage && <p role="status">{runMessage}</p>}
      <RunProgress />
    </div>
  );
}

function RunProgress() {
  const progress = useEvalStore((s) => s.progress);
  const cancelRequested = useEvalStore((s) => s.cancelRequested);
  const modelStatus = useModelStore((s) => s.status);
  const download = useModelStore((s) => s.progress);
  const backend = useModelStore((s) => s.backend);
  if (!progress) return null;
  const { done, total, skipped, elapsedMs } = progress;
  const { perSecond, secondsLeft } = throughput(done, total, elapsedMs);
  const loading = progress.startedAt === undefined && modelStatus === "loading";
  return (
    <div className="space-y-1">
      <progress aria-label="Evaluation progress" max={total} value={done} className="h-3 w-full" />
      <p className="text-sm tabular-nums">
        {loading
          ? loadPhase(download, backend)
          : `${done} / ${total} images · ${decimal(perSecond, 1)} images/s · ${duration(secondsLeft)} left`}
        {skipped > 0 && ` · ${skipped} skipped`}
        {cancelRequested && " · cancelling after the current image…"}
      </p>
    </div>
  );
}
