import { median } from "@/lib/metrics/report";

export interface MeasureOptions<C> {
  /** Timed runs per configuration, after one untimed warm-up run. */
  runs: number;
  /** Makes a configuration's model ready; called once for each model's group of configurations. */
  load: (config: C) => Promise<void>;
  /** Runs a configuration once and returns its milliseconds. */
  time: (config: C) => Promise<number>;
  modelOf: (config: C) => string;
  onResult?: (config: C, medianMs: number) => void;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * Times every configuration, grouped by model so each model loads once. Within a group, each configuration
 * runs once to warm up, then the group runs `runs` rounds, one run of each configuration per round, so a
 * slow spell of the machine spreads over all of them; each gets the median of its rounds. Stops between
 * runs when the signal aborts (results already reported stay).
 */
export async function measureLatencies<C>(configs: readonly C[], options: MeasureOptions<C>): Promise<Map<C, number>> {
  const { runs, load, time, modelOf, onResult, onProgress, signal } = options;
  const groups = new Map<string, C[]>();
  for (const c of configs) groups.set(modelOf(c), [...(groups.get(modelOf(c)) ?? []), c]);
  const total = configs.length * (runs + 1);
  const results = new Map<C, number>();
  let done = 0;
  const step = async (config: C) => {
    signal?.throwIfAborted();
    const ms = await time(config);
    onProgress?.(++done, total);
    return ms;
  };
  onProgress?.(0, total);
  for (const group of groups.values()) {
    signal?.throwIfAborted();
    await load(group[0]);
    for (const config of group) await step(config);
    const times = new Map(group.map((c) => [c, [] as number[]]));
    for (let round = 0; round < runs; round++) {
      for (const config of group) times.get(config)!.push(await step(config));
    }
    for (const config of group) {
      const ms = median(times.get(config)!);
      results.set(config, ms);
      onResult?.(config, ms);
    }
  }
  return results;
}
