"use client";
import { useEffect, useId, useRef, useState } from "react";
import { MAX_SIDE } from "@/lib/image/decode";
import { latencyOf, type Configuration } from "@/lib/models/configurations";
import { measureLatencies } from "@/lib/models/measure";
import { syntheticImage } from "@/lib/render/synthetic";
import { noteCost, segmenter, selectBackend, useModelStore } from "@/store/model-store";
import { BackendSelect } from "@/components/ui/backend-select";
import { Button } from "@/components/ui/button";
import { fieldLabel, hint } from "@/components/ui/field";
import { Select } from "@/components/ui/select";

const RUNS = [1, 3, 5, 10];

/** Times every configuration in this browser, on the chosen backend, through the app's inference worker. */
export function MeasurePanel({ configs }: { configs: readonly Configuration[] }) {
  const id = useId();
  const backend = useModelStore((s) => s.backend);
  const ready = useModelStore((s) => Boolean(s.manifest));
  const [runs, setRuns] = useState(3);
  const [progress, setProgress] = useState<{ done: number; total: number }>();
  const [error, setError] = useState<string>();
  const controller = useRef<AbortController>(undefined);
  useEffect(() => () => controller.current?.abort(), []);

  async function measure() {
    const abort = new AbortController();
    controller.current = abort;
    setError(undefined);
    setProgress({ done: 0, total: configs.length * (runs + 1) });
    try {
      const image = await syntheticImage();
      await measureLatencies(configs, {
        runs,
        signal: abort.signal,
        modelOf: (c) => c.model.id,
        load: async (c) => void (await segmenter.load(c.model)),
        time: async (c) => {
          const out = await segmenter.segment(image, {
            name: "synthetic.png",
            model: c.model,
            mode: c.mode,
            maxSide: MAX_SIDE,
          });
          out.close();
          return latencyOf(out.timings);
        },
        onResult: (c, ms) => noteCost(backend, c.model.id, c.mode, ms),
        onProgress: (done, total) => setProgress({ done, total }),
      });
    } catch (e) {
      if (!abort.signal.aborted) setError(`Measuring stopped: ${(e as Error).message}`);
    } finally {
      if (controller.current === abort) controller.current = undefined;
      setProgress(undefined);
    }
  }

  const running = progress !== undefined;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-end gap-3">
        <span>
          <label htmlFor={`${id}-backend`} className={fieldLabel}>
            Backend
          </label>
          <BackendSelect
            id={`${id}-backend`}
            className="mt-1"
            value={backend}
            disabled={running || !ready}
            onChange={selectBackend}
          />
        </span>
        <span>
          <label htmlFor={`${id}-runs`} className={fieldLabel}>
            Timed runs each
          </label>
          <Select
            id={`${id}-runs`}
            className="mt-1"
            value={runs}
            disabled={running}
            onChange={(e) => setRuns(Number(e.target.value))}
          >
            {RUNS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </Select>
        </span>
        {running ? (
          <Button onClick={() => controller.current?.abort()}>Cancel</Button>
        ) : (
          <Button look="primary" disabled={!ready || !configs.length} onClick={() => void measure()}>
            Measure on this device
          </Button>
        )}
      </div>
      {running && (
        <div className="text-xs text-neutral-600 dark:text-neutral-400">
          <progress
            aria-label="Measurement progress"
            className="h-2 w-full"
            value={progress.done}
            max={progress.total}
          />
          <p>
            {progress.done} of {progress.total} runs
          </p>
        </div>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      <p className={hint}>
        Each configuration runs a synthetic 500×375 image once to warm up, then the median of the timed runs is plotted:
        preprocessing, every inference and postprocessing, without decoding. Runs on the Segment page update their
        configuration&apos;s time too.
      </p>
    </div>
  );
}
