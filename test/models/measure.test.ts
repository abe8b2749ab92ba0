import { describe, expect, it } from "vitest";
import { measureLatencies } from "@/lib/models/measure";

type C = { model: string; mode: string };
const configs: C[] = [
  { model: "a", mode: "stretch" },
  { model: "b", mode: "stretch" },
  { model: "a", mode: "pad" },
];

describe("measureLatencies", () => {
  it("loads each model once, warms each configuration up, then times the group in rounds", async () => {
    const log: string[] = [];
    // Per configuration: a slow warm-up, then 30, 10, 20 ms.
    const times = new Map(configs.map((c) => [c, [500, 30, 10, 20]]));
    const progress: number[] = [];
    const results = await measureLatencies(configs, {
      runs: 3,
      modelOf: (c) => c.model,
      load: async (c) => void log.push(`load ${c.model}`),
      time: async (c) => {
        log.push(`run ${c.model} ${c.mode}`);
        return times.get(c)!.shift()!;
      },
      onProgress: (done, total) => progress.push(done / total),
    });
    expect(log.filter((l) => l.startsWith("load"))).toEqual(["load a", "load b"]);
    expect(log.filter((l) => l.startsWith("run")).slice(0, 8)).toEqual(
      Array(4).fill(["run a stretch", "run a pad"]).flat(),
    );
    expect([...results.values()]).toEqual([20, 20, 20]);
    expect(results.get(configs[1])).toBe(20);
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toHaveLength(1 + 12);
  });

  it("stops when aborted and keeps what it measured", async () => {
    const controller = new AbortController();
    // a's two configurations are measured before the abort; b's never are.
    const seen: C[] = [];
    const run = measureLatencies(configs, {
      runs: 1,
      modelOf: (c) => c.model,
      load: async () => {},
      time: async () => 5,
      onResult: (c) => {
        seen.push(c);
        controller.abort();
      },
      signal: controller.signal,
    });
    await expect(run).rejects.toThrow();
    expect(seen).toEqual([configs[0], configs[2]]);
  });
});
