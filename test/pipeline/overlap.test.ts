import { describe, expect, test } from "vitest";
import { evaluatePairs, wholePairs } from "@/lib/eval/evaluate";
import { overlap, type Outcome } from "@/lib/pipeline/overlap";

/** A promise the test settles. */
function gate<T = void>() {
  let open!: (value: T) => void;
  let fail!: (error: Error) => void;
  const promise = new Promise<T>((resolve, reject) => ((open = resolve), (fail = reject)));
  return { promise, open, fail };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe("overlap", () => {
  test("item n+1 is prepared and item n−1 finished while item n infers; one inference at a time, results in order", async () => {
    const log: string[] = [];
    const inferring = new Map<number, ReturnType<typeof gate<number>>>();
    const finishing = new Map<number, ReturnType<typeof gate<number>>>();
    let busy = 0;
    let most = 0;
    const items = [1, 2, 3];
    const reported: Outcome<number, number>[] = [];
    const run = overlap(
      () => items.shift(),
      {
        prepare: async (n) => (log.push(`prepare ${n}`), n),
        infer: async (n) => {
          log.push(`infer ${n}`);
          most = Math.max(most, ++busy);
          inferring.set(n, gate<number>());
          const value = await inferring.get(n)!.promise;
          busy--;
          return value;
        },
        finish: async (n, value) => {
          log.push(`finish ${n}`);
          finishing.set(n, gate<number>());
          return (await finishing.get(n)!.promise) + value;
        },
      },
      (outcome) => void reported.push(outcome),
    );
    await tick();
    expect(log).toEqual(["prepare 1", "infer 1", "prepare 2"]);
    inferring.get(1)!.open(10);
    await tick();
    // Item 1 finishes while item 2 infers, and item 3 is prepared meanwhile.
    expect(log.slice(3).sort()).toEqual(["finish 1", "infer 2", "prepare 3"]);
    inferring.get(2)!.open(20);
    await tick();
    expect(log.slice(6).sort()).toEqual(["finish 2", "infer 3"]);
    finishing.get(2)!.open(2);
    await tick();
    expect(reported).toEqual([]); // 2 is done but waits for 1: reports keep the items' order
    finishing.get(1)!.open(1);
    inferring.get(3)!.open(30);
    await tick();
    finishing.get(3)!.open(3);
    await run;
    expect(reported).toEqual([
      { item: 1, result: 11 },
      { item: 2, result: 22 },
      { item: 3, result: 33 },
    ]);
    expect(most).toBe(1);
  });

  test("a failed preparation is reported in its place; after a failed inference the next waits for its report", async () => {
    const log: string[] = [];
    const items = [1, 2, 3, 4];
    const run = overlap(
      () => items.shift(),
      {
        prepare: async (n) => {
          if (n === 2) throw new Error("bad input");
          return n;
        },
        infer: async (n) => {
          log.push(`infer ${n}`);
          if (n === 3) throw new Error("crashed");
          return n;
        },
        finish: (n) => n * 10,
      },
      async (o) => {
        log.push("error" in o ? `report ${o.item} ${(o.error as Error).message}` : `report ${o.item} ${o.result}`);
        if ("error" in o && o.item === 3) {
          await tick();
          log.push("recovered");
        }
      },
    );
    await run;
    expect(log.filter((l) => l.startsWith("report"))).toEqual([
      "report 1 10",
      "report 2 bad input",
      "report 3 crashed",
      "report 4 40",
    ]);
    expect(log.filter((l) => l.startsWith("infer"))).toEqual(["infer 1", "infer 3", "infer 4"]);
    expect(log.indexOf("recovered")).toBe(log.indexOf("report 3 crashed") + 1);
    expect(log.indexOf("infer 4")).toBeGreaterThan(log.indexOf("recovered"));
  });

  test("with two lanes two items infer at once, one per lane; reports keep the order items were taken in", async () => {
    const inferring = new Map<number, ReturnType<typeof gate<number>>>();
    const laneOf = new Map<number, number>();
    const busyLanes = new Set<number>();
    let most = 0;
    const items = [1, 2, 3, 4];
    const reported: Outcome<number, number>[] = [];
    const prepared: number[] = [];
    const run = overlap(
      () => items.shift(),
      {
        prepare: async (n) => (prepared.push(n), n),
        infer: async (n, lane) => {
          expect(busyLanes.has(lane)).toBe(false);
          busyLanes.add(lane);
          laneOf.set(n, lane);
          most = Math.max(most, busyLanes.size);
          inferring.set(n, gate<number>());
          const value = await inferring.get(n)!.promise;
          busyLanes.delete(lane);
          return value;
        },
        finish: (n, value) => n + value,
      },
      (outcome) => void reported.push(outcome),
      () => false,
      2,
    );
    await tick();
    expect([...inferring.keys()]).toEqual([1, 2]);
    expect(prepared).toEqual([1, 2, 3]); // one item waits, prepared, for the first lane to come free
    expect(new Set([laneOf.get(1), laneOf.get(2)])).toEqual(new Set([0, 1]));
    inferring.get(2)!.open(20);
    await tick();
    expect(reported).toEqual([]); // 2 is done but waits for 1
    expect(laneOf.get(3)).toBe(laneOf.get(2));
    inferring.get(1)!.open(10);
    await tick();
    expect(laneOf.get(4)).toBe(laneOf.get(1));
    inferring.get(4)!.open(40);
    inferring.get(3)!.open(30);
    await run;
    expect(reported).toEqual([
      { item: 1, result: 11 },
      { item: 2, result: 22 },
      { item: 3, result: 33 },
      { item: 4, result: 44 },
    ]);
    expect(most).toBe(2);
  });

  test("stop ends the run before the next inference and drops the item prepared for it", async () => {
    const dropped: number[] = [];
    const inferred: number[] = [];
    let stopped = false;
    const items = [1, 2, 3];
    await overlap(
      () => items.shift(),
      {
        prepare: async (n) => n,
        infer: async (n) => {
          inferred.push(n);
          stopped = true;
          return n;
        },
        finish: (n) => n,
        drop: (n) => void dropped.push(n),
      },
      () => {},
      () => stopped,
    );
    expect(inferred).toEqual([1]);
    expect(dropped).toEqual([2]);
  });
});

describe("evaluatePairs", () => {
  const pairs = ["a", "b", "c", "d"].map((id) => ({ id }));
  const counts = () => new Float64Array(21 * 21).fill(1);
  const timings = { decode: 0, preprocess: 0, inference: 0, postprocess: 0 };
  const scored = async () => ({ width: 1, height: 1, counts: counts(), timings });

  test("a failure that recover cannot mend stops the run as failed, with the pairs so far counted", async () => {
    const run = await evaluatePairs(
      pairs,
      wholePairs(async (p: { id: string }) => {
        if (p.id === "b") throw new Error("worker crashed");
        return scored();
      }),
      { isInputError: () => false, recover: () => Promise.reject(new Error("The run stopped: no model")) },
    );
    expect(run.status).toBe("failed");
    expect(run.failure).toBe("The run stopped: no model");
    expect(run.processed).toBe(2);
    expect(run.evaluation.images.map((i) => i.id)).toEqual(["a"]);
  });

  test("cancelling stops the run before the next inference and reports cancelled", async () => {
    let cancel = false;
    const run = await evaluatePairs(
      pairs,
      wholePairs(async (p: { id: string }) => {
        if (p.id === "b") cancel = true;
        return scored();
      }),
      { cancelled: () => cancel },
    );
    expect(run.status).toBe("cancelled");
    expect(run.processed).toBe(2);
    expect(run.evaluation.images.map((i) => i.id)).toEqual(["a", "b"]);
  });
});
