import { describe, expect, it } from "vitest";
import { accumulate, addConfusion, createConfusion } from "@/lib/metrics";
import { rng } from "@/test/helpers/rng";

function randomPair(length: number, n: number, seed: number) {
  const rand = rng(seed);
  const gt = new Uint8Array(length);
  const pred = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    gt[i] = rand() < 0.1 ? 255 : Math.floor(rand() * n);
    pred[i] = Math.floor(rand() * n);
  }
  return { gt, pred };
}

// Counts each (gt, pred) cell separately by filtering all pixels.
function bruteForce(gt: Uint8Array, pred: Uint8Array, n: number): number[][] {
  return Array.from({ length: n }, (_, g) =>
    Array.from({ length: n }, (_, p) => {
      let count = 0;
      gt.forEach((v, i) => {
        if (v === g && pred[i] === p) count++;
      });
      return count;
    }),
  );
}

function toRows(counts: Float64Array, n: number): number[][] {
  return Array.from({ length: n }, (_, g) => [...counts.subarray(g * n, (g + 1) * n)]);
}

describe("confusion matrix", () => {
  it("starts empty with 21 classes by default", () => {
    const conf = createConfusion();
    expect(conf.n).toBe(21);
    expect(conf.counts.length).toBe(441);
    expect(conf.counts.every((c) => c === 0)).toBe(true);
  });

  it("matches a brute-force count and skips ignored pixels", () => {
    for (const n of [2, 5, 21]) {
      const { gt, pred } = randomPair(3000, n, n);
      const conf = createConfusion(n);
      accumulate(conf, gt, pred);
      expect(toRows(conf.counts, n)).toEqual(bruteForce(gt, pred, n));
      const ignored = gt.filter((v) => v === 255).length;
      expect(ignored).toBeGreaterThan(0);
      expect(conf.counts.reduce((a, b) => a + b, 0)).toBe(gt.length - ignored);
    }
  });

  it("accumulates across images and adds matrices", () => {
    const a = randomPair(500, 4, 10);
    const b = randomPair(700, 4, 11);
    const once = createConfusion(4);
    accumulate(once, a.gt, a.pred);
    accumulate(once, b.gt, b.pred);
    const left = createConfusion(4);
    const right = createConfusion(4);
    accumulate(left, a.gt, a.pred);
    accumulate(right, b.gt, b.pred);
    expect(addConfusion(left, right)).toBe(left);
    expect([...left.counts]).toEqual([...once.counts]);
    const gt = new Uint8Array([...a.gt, ...b.gt]);
    const pred = new Uint8Array([...a.pred, ...b.pred]);
    expect(toRows(once.counts, 4)).toEqual(bruteForce(gt, pred, 4));
  });

  it("rejects bad input", () => {
    const conf = createConfusion(3);
    expect(() => accumulate(conf, new Uint8Array(3), new Uint8Array(4))).toThrow(/3 pixels.*4/);
    expect(() => accumulate(conf, new Uint8Array([0, 3]), new Uint8Array([0, 0]))).toThrow(
      /Pixel 1 has ground-truth value 3/,
    );
    expect(() => accumulate(conf, new Uint8Array([0, 1]), new Uint8Array([0, 7]))).toThrow(
      /Pixel 1 has predicted value 7/,
    );
    expect(() => addConfusion(conf, createConfusion(4))).toThrow(RangeError);
    expect(() => createConfusion(0)).toThrow(RangeError);
    expect(() => createConfusion(256)).toThrow(RangeError);
  });
});
