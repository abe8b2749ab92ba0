import { describe, expect, it } from "vitest";
import { createConfusion, deriveMetrics, type Confusion } from "@/lib/metrics";

function fromRows(rows: number[][]): Confusion {
  const conf = createConfusion(rows.length);
  rows.forEach((row, g) => row.forEach((c, p) => (conf.counts[g * rows.length + p] = c)));
  return conf;
}

describe("deriveMetrics", () => {
  it("works through a 3-class example by hand", () => {
    // rows = ground truth, columns = prediction; class 2 never occurs in the
    // ground truth but is predicted once, so its IoU is 0 and its Acc is NaN.
    const m = deriveMetrics(
      fromRows([
        [5, 1, 0],
        [2, 3, 1],
        [0, 0, 0],
      ]),
    );
    expect(m.gtPixels).toEqual([6, 6, 0]);
    expect(m.predPixels).toEqual([7, 4, 1]);
    // class 0: TP 5, FN 1, FP 2; class 1: TP 3, FN 3, FP 1; class 2: TP 0, FN 0, FP 1
    expect(m.iou[0]).toBeCloseTo(5 / 8, 15);
    expect(m.iou[1]).toBeCloseTo(3 / 7, 15);
    expect(m.iou[2]).toBe(0);
    expect(m.acc[0]).toBeCloseTo(5 / 6, 15);
    expect(m.acc[1]).toBeCloseTo(3 / 6, 15);
    expect(m.acc[2]).toBeNaN();
    expect(m.mIoU).toBeCloseTo((5 / 8 + 3 / 7 + 0) / 3, 15);
    expect(m.mAcc).toBeCloseTo((5 / 6 + 3 / 6) / 2, 15);
    expect(m.aAcc).toBeCloseTo(8 / 12, 15);
  });

  it("leaves classes absent from both ground truth and prediction out of the means", () => {
    const m = deriveMetrics(
      fromRows([
        [4, 0, 1],
        [0, 0, 0],
        [1, 0, 2],
      ]),
    );
    expect(m.iou[1]).toBeNaN();
    expect(m.acc[1]).toBeNaN();
    expect(m.mIoU).toBeCloseTo((4 / 6 + 2 / 4) / 2, 15);
    expect(m.mAcc).toBeCloseTo((4 / 5 + 2 / 3) / 2, 15);
    expect(m.aAcc).toBeCloseTo(6 / 8, 15);
  });

  it("agrees with TP / (TP + FP + FN) on a random matrix", () => {
    const n = 21;
    const rows = Array.from({ length: n }, (_, g) =>
      Array.from({ length: n }, (_, p) => ((g * 7 + p * 13) % 11 === 0 || g === p ? (g * 31 + p * 17) % 50 : 0)),
    );
    rows[4] = rows[4].map(() => 0);
    rows.forEach((row) => (row[4] = 0));
    const m = deriveMetrics(fromRows(rows));
    const iou: number[] = [];
    for (let k = 0; k < n; k++) {
      const tp = rows[k][k];
      let fp = 0;
      let fn = 0;
      for (let j = 0; j < n; j++) {
        if (j === k) continue;
        fp += rows[j][k];
        fn += rows[k][j];
      }
      const expected = tp + fp + fn === 0 ? NaN : tp / (tp + fp + fn);
      iou.push(expected);
      if (Number.isNaN(expected)) expect(m.iou[k]).toBeNaN();
      else expect(m.iou[k]).toBeCloseTo(expected, 14);
    }
    expect(iou.filter(Number.isNaN).length).toBe(1);
    const valid = iou.filter((v) => !Number.isNaN(v));
    expect(m.mIoU).toBeCloseTo(valid.reduce((a, b) => a + b, 0) / valid.length, 14);
  });

  it("returns NaN everywhere for an empty matrix", () => {
    const m = deriveMetrics(createConfusion(3));
    expect(m.iou.every(Number.isNaN)).toBe(true);
    expect(m.mIoU).toBeNaN();
    expect(m.mAcc).toBeNaN();
    expect(m.aAcc).toBeNaN();
  });
});
