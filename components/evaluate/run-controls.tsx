"use client";
import type { Backend } from "@/lib/contract";
import { formatDuration, throughput } from "@/lib/metrics/format";
import { cancelEvaluation, runEvaluation, useEvalStore } from "@/store/eval-store";
import { selectBackend, selectModel, useModelStore } from "@/store/model-store";
import { buttonClass, primaryClass } from "@/components/evaluate/ui";

const selectClass =
  "rounded-md border border-neutral-300 bg-white px-2 py-1 dark:border-neutral-700 dark:bg-neutral-900";

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
        <span className="flex items-center gap-2">
          <label htmlFor="eval-model">Model</label>
          <select
            id="eval-model"
            className={selectClass}
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
          </select>
        </span>
        <span className="flex items-center gap-2">
          <label htmlFor="eval-backend">Backend</label>
          <select
            id="eval-backend"
            className={selectClass}
            value={backend}
            disabled={running || !manifest}
            onChange={(e) => selectBackend(e.target.value as Backend)}
          >
            <option value="webgpu">WebGPU</option>
            <option value="wasm">WASM</option>
          </select>
        </span>
        <button
          type="button"
          className={primaryClass}
          disabled={running || !pairs || !manifest}
          onClick={() => void runEvaluation()}
        >
          Run evaluation
        </button>
        {running && (
          <button type="button" className={buttonClass} disabled={cancelRequested} onClick={cancelEvaluation}>
            Cancel
          </button>
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
  if (!progress) return null;
  const { done, total, skipped, elapsedMs } = progress;
  const { perSecond, secondsLeft } = throughput(done, total, elapsedMs);
  const loading = progress.startedAt === undefined && modelStatus === "loading";
  return (
    <div className="space-y-1">
      <progress aria-label="Evaluation progress" max={total} value={done} className="h-3 w-full" />
      <p className="text-sm tabular-nums">
        {loading
          ? `Loading the model…${download ? ` ${Math.round((100 * download.loaded) / download.total)}%` : ""}`
          : `${done} / ${total} images · ${Number.isNaN(perSecond) ? "–" : perSecond.toFixed(1)} images/s · ${formatDuration(secondsLeft)} left`}
        {skipped > 0 && ` · ${skipped} skipped`}
        {cancelRequested && " · cancelling after the current image…"}
      </p>
    </div>
  );
}
