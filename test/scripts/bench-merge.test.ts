import { describe, expect, test } from "vitest";
import { mergeBench, type BenchRow } from "@/bench/table";

const row = (metric: string, threads: number, ours: number): BenchRow => ({
  model: "deeplabv3-257",
  variant: "fp32",
  ep: "wasm",
  threads,
  metric,
  ours_ms: ours,
  peer: "mediapipe",
  peer_ms: 100,
  ratio: ours / 100,
  miou: null,
});

describe("npm run bench -- --readme --merge", () => {
  test("rows measured now replace their namesakes in place; the others stay with their own date", () => {
    const old = { date: "2026-11-26", machine: "m", rows: [row("model_only", 1, 40), row("end_to_end", 2, 60)] };
    const fresh = { date: "2026-11-30", machine: "m", rows: [row("end_to_end", 2, 50), row("live_frame", 2, 70)] };
    const merged = mergeBench(old, fresh);
    expect(merged.date).toBe("2026-11-30");
    expect(merged.rows.map((r) => [r.metric, r.ours_ms, r.date])).toEqual([
      ["model_only", 40, "2026-11-26"],
      ["end_to_end", 50, undefined],
      ["live_frame", 70, undefined],
    ]);
  });

  test("rows kept from another machine say which", () => {
    const old = { date: "2026-11-26", machine: "a", rows: [row("model_only", 1, 40)] };
    const merged = mergeBench(old, { date: "2026-11-30", machine: "b", rows: [row("live_frame", 2, 70)] });
    expect(merged.machine).toBe("b");
    expect(merged.rows.map((r) => [r.metric, r.date, r.machine])).toEqual([
      ["model_only", "2026-11-26", "a"],
      ["live_frame", undefined, undefined],
    ]);
  });

  test("a run without /evaluate keeps the throughput measured before; one with it replaces it", () => {
    const t = (threads: number, overModelOnly: number) => ({
      pairs: 100,
      threads,
      page: 20,
      cli: 30,
      ratio: 0.7,
      overModelOnly,
    });
    const old = { date: "2026-11-26", machine: "m", rows: [], throughput: [t(1, 1.1), t(2, 1.5)] };
    expect(mergeBench(old, { date: "2026-11-30", machine: "m", rows: [], throughput: [] }).throughput).toEqual(
      old.throughput,
    );
    expect(mergeBench(old, { date: "2026-11-30", machine: "m", rows: [], throughput: [t(2, 1.4)] }).throughput).toEqual(
      [t(2, 1.4)],
    );
  });

  test("a run without the long /evaluate run keeps the memory measured before, with its date", () => {
    const memory = { pairs: 1000, at100: 100, atEnd: 101, growth: 0.01 };
    const old = { date: "2026-11-26", machine: "m", rows: [], evalMemory: memory };
    expect(mergeBench(old, { date: "2026-11-30", machine: "m", rows: [] }).evalMemory).toEqual({
      ...memory,
      date: "2026-11-26",
    });
    const fresh = { pairs: 1000, at100: 100, atEnd: 99, growth: -0.01 };
    expect(mergeBench(old, { date: "2026-11-30", machine: "m", rows: [], evalMemory: fresh }).evalMemory).toEqual(
      fresh,
    );
  });

  test("a run without the live camera keeps the live figures measured before, with their date", () => {
    const live = {
      threads: 2,
      seconds: 120,
      frames: 1500,
      latencyMedianMs: 100,
      latencyP90Ms: 130,
      memoryAt10s: 100,
      memoryAtEnd: 102,
      growth: 0.02,
    };
    const old = { date: "2026-11-26", machine: "m", rows: [], live };
    expect(mergeBench(old, { date: "2026-11-30", machine: "m", rows: [] }).live).toEqual({
      ...live,
      date: "2026-11-26",
    });
    const fresh = { ...live, growth: -0.01, memoryAtEnd: 99 };
    expect(mergeBench(old, { date: "2026-11-30", machine: "m", rows: [], live: fresh }).live).toEqual(fresh);
  });
});
