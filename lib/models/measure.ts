import { median } from "@/lib/metrics/report";

export interface MeasureOptions<C> {
  /** Timed runs per configuration, after one untimed warm-up run. */
  runs: number;
  /** Makes a configuration's model ready; called once for each run of configurations sharing a model. */
  load: (config: C) => Promise<void>;
  /** Runs a configuration once and returns its milliseconds. */
  time: (config: C) => Promise<number>;
  modelOf: (config: C) => string;
  onResult?: (config: C, medianMs: number) => void;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * Times every configuration, grouped by model so each model loads once: a warm-up run, then the median
 * of `runs` timed runs. Stops between runs when the signal aborts (the results so far stay reported).
 */
export async function measureLatencies<C>(configs: readonly C[], options: MeasureOptions<C>): Promise<Map<C, number>> {
  const { runs, load, time, modelOf, onResult, onProgress, signal } = options;
  const groups = new Map<string, C[]>();
  for (const c of configs) groups.set(modelOf(c), [...(groups.get(modelOf(c)) ?? []), c]);
  const total = configs.length * (runs + 1);
  const results = new Map<C, number>();
  let done = 0;
  onProgress?.(0, total);
  for (const group of groups.values()) {
    signal?.throwIfAborted();
    await load(group[0]);
    for (const config of group) {
      const times: number[] = [];
      for (let i = 0; i <= runs; i++) {
        signal?.throwIfAborted();
        const ms = await time(config);
        if (i > 0) times.push(ms);
        onProgress?.(++done, total);
      }
      const ms = median(times);
      results.set(config, ms);
      onResult?.(config, ms);
    }
  }
  return results;
}
