import { describe, expect, it } from "vitest";
import { addResampled, classHistogram, upsampleArgmax } from "@/lib/pipeline/postprocess";
import { rng } from "@/test/helpers/rng";

// Brute force: interpolate every class at every output pixel, in the
// documented order, then take the first maximum.
function reference(
  logits: Float32Array,
  classes: number,
  inH: number,
  inW: number,
  outH: number,
  outW: number,
  spanH = inH - 1,
  spanW = inW - 1,
): Uint8Array {
  const out = new Uint8Array(outH * outW);
  const at = (k: number, y: number, x: number) => logits[k * inH * inW + y * inW + x];
  for (let Y = 0; Y < outH; Y++) {
    const sy = outH === 1 ? 0 : (Y * spanH) / (outH - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, inH - 1);
    const fy = sy - y0;
    for (let X = 0; X < outW; X++) {
      const sx = outW === 1 ? 0 : (X * spanW) / (outW - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, inW - 1);
      const fx = sx - x0;
      const values: number[] = [];
      for (let k = 0; k < classes; k++) {
        const top = at(k, y0, x0) + (at(k, y0, x1) - at(k, y0, x0)) * fx;
        const bottom = at(k, y1, x0) + (at(k, y1, x1) - at(k, y1, x0)) * fx;
        values.push(top + (bottom - top) * fy);
      }
      out[Y * outW + X] = values.indexOf(Math.max(...values));
    }
  }
  return out;
}

function randomLogits(size: number, seed: number, levels?: number): Float32Array {
  const rand = rng(seed);
  const logits = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    logits[i] = levels ? Math.floor(rand() * levels) : (rand() - 0.5) * 20;
  }
  return logits;
}

const SIZES: Array<[number, number, number, number]> = [
  [5, 7, 13, 11],
  [7, 5, 11, 13],
  [3, 3, 1, 1],
  [1, 1, 4, 5],
  [4, 6, 1, 9],
  [6, 4, 9, 1],
  [9, 9, 4, 4],
  [8, 8, 8, 8],
  [2, 2, 3, 3],
  [17, 23, 100, 61],
];

describe("upsampleArgmax", () => {
  it("equals full interpolation on random logits", () => {
    SIZES.forEach(([inH, inW, outH, outW], i) => {
      for (const classes of [1, 2, 5, 21]) {
        const logits = randomLogits(classes * inH * inW, i * 100 + classes);
        expect([...upsampleArgmax(logits, classes, inH, inW, outH, outW)]).toEqual([
          ...reference(logits, classes, inH, inW, outH, outW),
        ]);
      }
    });
  });

  it("equals full interpolation when logits tie", () => {
    SIZES.forEach(([inH, inW, outH, outW], i) => {
      for (const levels of [1, 2, 3]) {
        const logits = randomLogits(6 * inH * inW, i * 10 + levels, levels);
        expect([...upsampleArgmax(logits, 6, inH, inW, outH, outW)]).toEqual([
          ...reference(logits, 6, inH, inW, outH, outW),
        ]);
      }
    });
  });

  it("equals full interpolation over part of the grid (spans)", () => {
    const cases: Array<[number, number, number, number, number, number]> = [
      [9, 9, 13, 17, 5.5, 8],
      [9, 9, 17, 13, 8, 4.25],
      [6, 7, 31, 29, 0.5, 6],
      [4, 4, 1, 5, 3, 0],
    ];
    cases.forEach(([inH, inW, outH, outW, spanH, spanW], i) => {
      const logits = randomLogits(21 * inH * inW, 700 + i);
      expect([...upsampleArgmax(logits, 21, inH, inW, outH, outW, spanH, spanW)]).toEqual([
        ...reference(logits, 21, inH, inW, outH, outW, spanH, spanW),
      ]);
    });
    expect(() => upsampleArgmax(randomLogits(18, 1), 2, 3, 3, 4, 4, 2.5, 1)).toThrow(RangeError);
  });

  it("equals full interpolation when logits span many magnitudes", () => {
    const rand = rng(91);
    const scales = [1e-30, 1e-6, 1, 1e6, 1e30];
    SIZES.forEach(([inH, inW, outH, outW]) => {
      const logits = Float32Array.from(
        { length: 21 * inH * inW },
        () => (rand() - 0.5) * scales[Math.floor(rand() * scales.length)],
      );
      expect([...upsampleArgmax(logits, 21, inH, inW, outH, outW)]).toEqual([
        ...reference(logits, 21, inH, inW, outH, outW),
      ]);
    });
  });

  it("gives the lowest class when all logits are equal", () => {
    const out = upsampleArgmax(new Float32Array(3 * 4 * 4).fill(1.5), 3, 4, 4, 7, 5);
    expect(out.every((c) => c === 0)).toBe(true);
  });

  it("keeps the input's argmax at cell centres when sizes match", () => {
    const logits = randomLogits(4 * 3 * 5, 42);
    const out = upsampleArgmax(logits, 4, 3, 5, 3, 5);
    for (let i = 0; i < 15; i++) {
      const values = [0, 1, 2, 3].map((k) => logits[k * 15 + i]);
      expect(out[i]).toBe(values.indexOf(Math.max(...values)));
    }
  });

  it("rejects logits of the wrong length", () => {
    expect(() => upsampleArgmax(new Float32Array(10), 2, 2, 3, 4, 4)).toThrow(RangeError);
    expect(() => upsampleArgmax(new Float32Array(0), 0, 2, 3, 4, 4)).toThrow(RangeError);
    expect(() => upsampleArgmax(new Float32Array(12), 2, 2, 3, 0, 4)).toThrow(RangeError);
  });
});

describe("classHistogram", () => {
  it("counts each class and skips values outside 0..n-1", () => {
    const rand = rng(5);
    const labels = new Uint8Array(1000);
    for (let i = 0; i < labels.length; i++) labels[i] = rand() < 0.1 ? 255 : Math.floor(rand() * 21);
    const hist = classHistogram(labels, 21);
    expect(hist.length).toBe(21);
    for (let k = 0; k < 21; k++) expect(hist[k]).toBe(labels.filter((v) => v === k).length);
    expect([...classHistogram(new Uint8Array([0, 1, 1, 3]), 3)]).toEqual([1, 2, 0]);
  });
});

describe("addResampled", () => {
  it("adds the corner-aligned bilinear samples of every class", () => {
    const [classes, inH, inW, outH, outW, spanH, spanW] = [3, 5, 6, 7, 4, 3.5, 5];
    const logits = randomLogits(classes * inH * inW, 9);
    const target = new Float32Array(classes * outH * outW).fill(1);
    addResampled(target, logits, classes, inH, inW, spanH, spanW, outH, outW);
    const at = (k: number, y: number, x: number) => logits[k * inH * inW + y * inW + x];
    for (let k = 0; k < classes; k++) {
      for (let Y = 0; Y < outH; Y++) {
        for (let X = 0; X < outW; X++) {
          const sy = (Y * spanH) / (outH - 1);
          const sx = (X * spanW) / (outW - 1);
          const [y0, x0] = [Math.floor(sy), Math.floor(sx)];
          const [y1, x1] = [Math.min(y0 + 1, inH - 1), Math.min(x0 + 1, inW - 1)];
          const [fy, fx] = [sy - y0, sx - x0];
          const value =
            at(k, y0, x0) * (1 - fy) * (1 - fx) +
            at(k, y0, x1) * (1 - fy) * fx +
            at(k, y1, x0) * fy * (1 - fx) +
            at(k, y1, x1) * fy * fx;
          expect(target[k * outH * outW + Y * outW + X]).toBeCloseTo(1 + value, 4);
        }
      }
    }
  });
});
