import { describe, expect, it } from "vitest";
import type { Infer, Logits, RawImage } from "@/lib/contract";
import { fitGeometry, scaledSide } from "@/lib/pipeline/geometry";
import {
  describeMode,
  inferencesPerImage,
  modeKey,
  modeProblem,
  parseMode,
  REFERENCE_MODE,
  type Mode,
} from "@/lib/pipeline/modes";
import { segment } from "@/lib/pipeline/segment";
import { argmaxPlanar, resizeLogits } from "@/test/helpers/logits";
import { rng } from "@/test/helpers/rng";

const CLASSES = 5;

function randomImage(width: number, height: number, seed: number): RawImage {
  const rand = rng(seed);
  const data = new Uint8Array(width * height * 3);
  // Smooth colour fields plus noise, so that the classes form regions.
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        const wave = Math.sin((x * (c + 1)) / 5 + (y * (3 - c)) / 7);
        data[(y * width + x) * 3 + c] = Math.round(127 + 100 * wave + 20 * (rand() - 0.5));
      }
    }
  }
  return { data, width, height, channels: 3 };
}

interface Call {
  input: Float32Array;
  height: number;
  width: number;
}

/**
 * A stand-in model with output stride `stride`: logit k at cell (j, i) is a fixed linear function of the
 * input pixel at (j·stride, i·stride), plus, unless `symmetric`, a term that grows to the right, so that
 * the mirrored input gives different logits. `size` makes it refuse other input sizes, like a fixed model.
 */
function fakeModel(stride: number, seed: number, options: { symmetric?: boolean; size?: number } = {}) {
  const rand = rng(seed);
  const weights = Array.from({ length: CLASSES }, () => [0, 1, 2].map(() => rand() - 0.5));
  const tilt = Array.from({ length: CLASSES }, () => (options.symmetric ? 0 : rand() - 0.5));
  const calls: Call[] = [];
  const infer: Infer = async (input, height, width) => {
    if (options.size && (height !== options.size || width !== options.size)) {
      throw new Error(`fixed model got ${height}×${width}`);
    }
    if ((height - 1) % stride || (width - 1) % stride) throw new Error(`${height}×${width} is not ${stride}k + 1`);
    calls.push({ input, height, width });
    const [h, w] = [(height - 1) / stride + 1, (width - 1) / stride + 1];
    const data = new Float32Array(CLASSES * h * w);
    for (let k = 0; k < CLASSES; k++) {
      for (let j = 0; j < h; j++) {
        for (let i = 0; i < w; i++) {
          const p = j * stride * width + i * stride;
          let v = tilt[k] * i;
          for (let c = 0; c < 3; c++) v += (weights[k][c] * input[c * height * width + p]) / 32;
          data[k * h * w + j * w + i] = v;
        }
      }
    }
    return { data, classes: CLASSES, height: h, width: w };
  };
  return { infer, calls };
}

// Brute-force references, written out from the definitions rather than from the code under test.

/**
 * The resize every fit uses: a bilinear sample of the image at (x·W/outW, y·H/outH), rounded half up, each
 * position first rounded to 1/32 of a pixel as OpenCV's fixed-point warp (MediaPipe's CPU image-to-tensor) does.
 * Weights are kept as exact integers (numerators over 32) so that halves round reliably.
 */
function referenceResize(image: RawImage, outW: number, outH: number): Float32Array {
  const out = new Float32Array(3 * outW * outH);
  const at = (c: number, x: number, y: number) => image.data[(y * image.width + x) * 3 + c];
  const G = 32;
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      const px = Math.round((x * image.width * G) / outW);
      const py = Math.round((y * image.height * G) / outH);
      const [x0, fx] = [Math.min(Math.floor(px / G), image.width - 1), px % G];
      const [y0, fy] = [Math.min(Math.floor(py / G), image.height - 1), py % G];
      const [x1, y1] = [Math.min(x0 + 1, image.width - 1), Math.min(y0 + 1, image.height - 1)];
      for (let c = 0; c < 3; c++) {
        const scaled =
          at(c, x0, y0) * (G - fx) * (G - fy) +
          at(c, x1, y0) * fx * (G - fy) +
          at(c, x0, y1) * (G - fx) * fy +
          at(c, x1, y1) * fx * fy;
        out[c * outW * outH + y * outW + x] = Math.floor((2 * scaled + G * G) / (2 * G * G));
      }
    }
  }
  return out;
}

/** Bilinear value of a planar grid at a fractional (sy, sx). */
function sampleAt(l: Logits, k: number, sy: number, sx: number): number {
  const [y0, x0] = [Math.floor(sy), Math.floor(sx)];
  const [y1, x1] = [Math.min(y0 + 1, l.height - 1), Math.min(x0 + 1, l.width - 1)];
  const [fy, fx] = [sy - y0, sx - x0];
  const at = (y: number, x: number) => l.data[k * l.height * l.width + y * l.width + x];
  return (
    at(y0, x0) * (1 - fy) * (1 - fx) + at(y0, x1) * (1 - fy) * fx + at(y1, x0) * fy * (1 - fx) + at(y1, x1) * fy * fx
  );
}

function mirror(data: Float32Array, planes: number, h: number, w: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let p = 0; p < planes * h; p++) for (let x = 0; x < w; x++) out[p * w + x] = data[p * w + w - 1 - x];
  return out;
}

/** Argmax over classes of the logits sampled where output pixel (Y, X) falls: pixel ↦ (Y·spanH/(H−1), X·spanW/(W−1)). */
function referenceLabels(l: Logits, H: number, W: number, spanH: number, spanW: number): Uint8Array {
  const out = new Uint8Array(H * W);
  for (let Y = 0; Y < H; Y++) {
    for (let X = 0; X < W; X++) {
      const values = Array.from({ length: l.classes }, (_, k) =>
        sampleAt(l, k, H > 1 ? (Y * spanH) / (H - 1) : 0, W > 1 ? (X * spanW) / (W - 1) : 0),
      );
      out[Y * W + X] = values.indexOf(Math.max(...values));
    }
  }
  return out;
}

const agreement = (a: Uint8Array, b: Uint8Array) => a.filter((v, i) => v === b[i]).length / a.length;

describe("mode keys", () => {
  it("round-trips keys through parseMode and modeKey in a canonical form", () => {
    for (const key of ["stretch", "stretch+flip", "pad", "pad+flip", "native", "pad+flip@0.75,1,1.25", "native@0.5"]) {
      expect(modeKey(parseMode(key))).toBe(key);
    }
    expect(parseMode("pad+flip@0.75,1,1.25")).toEqual({ fit: "pad", flip: true, scales: [0.75, 1, 1.25] });
    expect(modeKey(parseMode("pad@1.25,0.75,1.0"))).toBe("pad@0.75,1,1.25");
    expect(modeKey(parseMode("pad@1"))).toBe("pad");
    expect(modeKey(REFERENCE_MODE)).toBe("stretch");
    expect(parseMode("stretch")).toEqual(REFERENCE_MODE);
  });

  it("describes modes and counts their inferences", () => {
    expect(describeMode(REFERENCE_MODE)).toBe("stretch to square");
    expect(describeMode(parseMode("pad+flip@0.75,1,1.25"))).toBe("pad to square + flip, scales 0.75/1/1.25");
    expect(describeMode(parseMode("native@0.5"))).toBe("native aspect, scale 0.5");
    expect(inferencesPerImage(REFERENCE_MODE)).toBe(1);
    expect(inferencesPerImage(parseMode("pad+flip"))).toBe(2);
    expect(inferencesPerImage(parseMode("pad+flip@0.75,1,1.25"))).toBe(6);
    expect(inferencesPerImage(parseMode("native@0.75,1"))).toBe(2);
  });

  it("refuses bad keys and modes with a message", () => {
    for (const [key, message] of [
      ["", /does not read as/],
      ["crop", /fit must be stretch, pad, native, got "crop"/],
      ["pad+flop", /does not read as/],
      ["pad@", /scales must be numbers/],
      ["pad@0.75,,1", /scales must be numbers/],
      ["pad@abc", /scales must be numbers/],
      ["pad@0", /from 0.25 to 2/],
      ["pad@3", /from 0.25 to 2/],
      ["pad@1,1", /scales repeat/],
      ["pad@0.5,0.6,0.7,0.8,0.9,1,1.1", /at most 6 scales/],
    ] as const) {
      expect(() => parseMode(key), key).toThrow(message);
    }
    expect(() => modeKey({ fit: "crop" as "pad", flip: false, scales: [1] })).toThrow(/fit must be/);
    expect(() => modeKey({ fit: "pad", flip: false, scales: [] })).toThrow(/at least one/);
  });

  it("names the model when a fixed-size model cannot run a mode", () => {
    const fixed = { id: "m-513", inputSize: 513 };
    expect(modeProblem(parseMode("pad+flip"), fixed)).toBeUndefined();
    expect(modeProblem(parseMode("native"), fixed)).toMatch(/"m-513" takes only 513×513 inputs.*"native"/);
    expect(modeProblem(parseMode("pad@0.75,1"), fixed)).toMatch(/"m-513".*resolution-flexible/);
    expect(modeProblem(parseMode("pad@0.75,1"), { ...fixed, flexible: true })).toBeUndefined();
  });
});

describe("geometry", () => {
  it("snaps scaled sides to 16k + 1 and keeps the model's own size at scale 1", () => {
    expect([0.75, 1, 1.25].map((s) => scaledSide(513, s))).toEqual([385, 513, 641]);
    expect([0.5, 1, 1.5].map((s) => scaledSide(257, s))).toEqual([129, 257, 385]);
    expect(scaledSide(33, 0.25)).toBe(17);
  });

  it("pads with the long side at the input size and the aspect ratio kept", () => {
    expect(fitGeometry(500, 375, 513, "pad")).toEqual({
      height: 513,
      width: 513,
      contentHeight: 385,
      contentWidth: 513,
    });
    expect(fitGeometry(333, 500, 513, "pad")).toEqual({
      height: 513,
      width: 513,
      contentHeight: 513,
      contentWidth: 342,
    });
    expect(fitGeometry(400, 400, 257, "pad")).toEqual({
      height: 257,
      width: 257,
      contentHeight: 257,
      contentWidth: 257,
    });
    expect(fitGeometry(500, 375, 513, "pad", 1.25)).toEqual({
      height: 641,
      width: 641,
      contentHeight: 481,
      contentWidth: 641,
    });
  });

  it("fits natively with the short side snapped and no padding", () => {
    expect(fitGeometry(500, 375, 513, "native")).toEqual({
      height: 385,
      width: 513,
      contentHeight: 385,
      contentWidth: 513,
    });
    expect(fitGeometry(333, 500, 513, "native")).toEqual({
      height: 513,
      width: 337,
      contentHeight: 513,
      contentWidth: 337,
    });
    expect(fitGeometry(5000, 10, 513, "native").height).toBe(17);
  });
});

describe("segment with modes", () => {
  it("runs the reference mode exactly as resize → model → corner-aligned upsample → argmax", async () => {
    const image = randomImage(53, 37, 1);
    const { infer, calls } = fakeModel(4, 2, { size: 33 });
    const result = await segment(image, 33, infer);
    expect(calls.map((c) => [c.height, c.width])).toEqual([[33, 33]]);
    expect([...calls[0].input]).toEqual([...referenceResize(image, 33, 33)]);
    const logits = await infer(referenceResize(image, 33, 33), 33, 33);
    const expected = argmaxPlanar(resizeLogits(logits.data, CLASSES, 9, 9, 37, 53), CLASSES, 37 * 53);
    expect([...result.labels]).toEqual([...expected]);
    for (const mode of [REFERENCE_MODE, parseMode("stretch"), parseMode("stretch@1")]) {
      expect([...(await segment(image, 33, infer, mode)).labels]).toEqual([...result.labels]);
    }
  });

  it("pads with 127.5, crops the logits to the content and maps them onto the image", async () => {
    for (const [w, h, seed] of [
      [53, 37, 3],
      [30, 61, 4],
      [40, 40, 5],
    ]) {
      const image = randomImage(w, h, seed);
      const { infer, calls } = fakeModel(4, seed, { size: 33 });
      const result = await segment(image, 33, infer, parseMode("pad"));
      const [ch, cw] = [Math.round((h * 33) / Math.max(w, h)), Math.round((w * 33) / Math.max(w, h))];
      const content = referenceResize(image, cw, ch);
      const { input } = calls[0];
      for (let c = 0; c < 3; c++) {
        for (let y = 0; y < 33; y++) {
          for (let x = 0; x < 33; x++) {
            const inside = y < ch && x < cw;
            const want = inside ? content[c * ch * cw + y * cw + x] : 127.5;
            if (input[c * 33 * 33 + y * 33 + x] !== want) throw new Error(`input (${c}, ${y}, ${x}) is not ${want}`);
          }
        }
      }
      // Logit j sits on input pixel 4j, so image pixel Y (content pixel Y·(ch−1)/(H−1)) falls on logit row that / 4.
      const full = await infer(input, 33, 33);
      const expected = referenceLabels(full, h, w, (ch - 1) / 4, (cw - 1) / 4);
      expect(agreement(result.labels, expected)).toBe(1);
      expect(result.logits.height).toBe(Math.ceil((ch - 1) / 4) + 1);
      expect(result.logits.width).toBe(Math.ceil((cw - 1) / 4) + 1);
    }
  });

  it("averages the logits of the image and of its mirror, flipped back", async () => {
    const image = randomImage(45, 31, 6);
    for (const fit of ["stretch", "pad"] as const) {
      const { infer, calls } = fakeModel(4, 7, { size: 33 });
      const result = await segment(image, 33, infer, { fit, flip: true, scales: [1] });
      expect(calls).toHaveLength(2);
      expect([...calls[1].input]).toEqual([...mirror(calls[0].input, 3, 33, 33)]);
      const a = await infer(calls[0].input, 33, 33);
      const b = await infer(calls[1].input, 33, 33);
      const back = mirror(b.data, CLASSES, 9, 9);
      const mean: Logits = { ...a, data: a.data.map((v, i) => (v + back[i]) / 2) };
      const [ch, cw] = fit === "pad" ? [Math.round((31 * 33) / 45), 33] : [33, 33];
      expect(agreement(result.labels, referenceLabels(mean, 31, 45, (ch - 1) / 4, (cw - 1) / 4))).toBe(1);
    }
  });

  it("gives the same labels with and without flip for a mirror-symmetric model", async () => {
    const image = randomImage(45, 31, 8);
    const { infer } = fakeModel(4, 9, { symmetric: true, size: 33 });
    for (const fit of ["stretch", "pad"] as const) {
      const once = await segment(image, 33, infer, { fit, flip: false, scales: [1] });
      const flipped = await segment(image, 33, infer, { fit, flip: true, scales: [1] });
      expect([...flipped.labels]).toEqual([...once.labels]);
    }
  });

  it("is mirror-symmetric with flip: the mirrored image gives the mirrored labels", async () => {
    const image = randomImage(33, 33, 10);
    const mirrored: RawImage = { ...image, data: new Uint8Array(image.data.length) };
    for (let y = 0; y < 33; y++)
      for (let x = 0; x < 33; x++)
        mirrored.data.set(image.data.subarray((y * 33 + x) * 3, (y * 33 + x) * 3 + 3), (y * 33 + 32 - x) * 3);
    const { infer } = fakeModel(4, 11, { size: 33 });
    const a = await segment(image, 33, infer, parseMode("stretch+flip"));
    const b = await segment(mirrored, 33, infer, parseMode("stretch+flip"));
    const back = mirror(Float32Array.from(b.labels), 1, 33, 33);
    expect(agreement(a.labels, Uint8Array.from(back))).toBe(1);
    const plain = await segment(mirrored, 33, infer);
    expect(agreement(a.labels, Uint8Array.from(mirror(Float32Array.from(plain.labels), 1, 33, 33)))).toBeLessThan(1);
  });

  it("averages the scales on a grid a quarter of the image's size, then upsamples", async () => {
    const [w, h] = [57, 41];
    const image = randomImage(w, h, 12);
    const { infer, calls } = fakeModel(4, 13);
    const mode: Mode = { fit: "pad", flip: true, scales: [0.5, 1, 1.5] };
    const result = await segment(image, 33, infer, mode);
    expect(calls.map((c) => c.height)).toEqual([17, 17, 33, 33, 49, 49]);
    const [gh, gw] = [Math.round((h - 1) / 4) + 1, Math.round((w - 1) / 4) + 1];
    const grid = new Float64Array(CLASSES * gh * gw);
    const runs = [...calls];
    for (let i = 0; i < runs.length; i += 2) {
      const side = runs[i].height;
      const a = await infer(runs[i].input, side, side);
      const b = await infer(runs[i + 1].input, side, side);
      const ch = Math.round((h * side) / w);
      for (const [l, flipped] of [
        [a, false],
        [b, true],
      ] as const) {
        for (let k = 0; k < CLASSES; k++) {
          for (let y = 0; y < gh; y++) {
            for (let x = 0; x < gw; x++) {
              // Grid cell ↦ image pixel ↦ content pixel ↦ logit cell (stride 4); the mirrored run reads its mirror column.
              const sy = (((y * (h - 1)) / (gh - 1)) * (ch - 1)) / (h - 1) / 4;
              const sx = (((x * (w - 1)) / (gw - 1)) * (side - 1)) / (w - 1) / 4;
              grid[k * gh * gw + y * gw + x] += sampleAt(l, k, sy, flipped ? l.width - 1 - sx : sx);
            }
          }
        }
      }
    }
    const expected = referenceLabels(
      { data: Float32Array.from(grid), classes: CLASSES, height: gh, width: gw },
      h,
      w,
      gh - 1,
      gw - 1,
    );
    expect(agreement(result.labels, expected)).toBeGreaterThan(0.999);
    expect(result.logits.height).toBe(gh);
    expect(result.logits.width).toBe(gw);
  });

  it("runs the native fit without padding", async () => {
    const image = randomImage(80, 41, 14);
    const { infer, calls } = fakeModel(4, 15);
    const result = await segment(image, 33, infer, parseMode("native"));
    // 41·33/80 = 16.9 rows, snapped to 16k + 1.
    expect(calls.map((c) => [c.height, c.width])).toEqual([[17, 33]]);
    expect([...calls[0].input]).toEqual([...referenceResize(image, 33, 17)]);
    const l = await infer(calls[0].input, 17, 33);
    expect(agreement(result.labels, referenceLabels(l, 41, 80, l.height - 1, l.width - 1))).toBe(1);
  });

  it("refuses a model whose logits do not line up with the padded input", async () => {
    const infer: Infer = async () => ({
      data: new Float32Array(CLASSES * 7 * 7),
      classes: CLASSES,
      height: 7,
      width: 7,
    });
    await expect(segment(randomImage(20, 10, 1), 33, infer, parseMode("pad"))).rejects.toThrow(/do not line up/);
  });
});
