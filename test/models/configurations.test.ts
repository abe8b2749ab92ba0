import { describe, expect, it } from "vitest";
import { configurations, frontKeys, modeMadds, parseScores } from "@/lib/models/configurations";
import type { ModelInfo } from "@/lib/models/manifest";
import { parseMode } from "@/lib/pipeline/modes";

const model = (id: string, inputSize: number, madds: number) => ({ id, name: id, inputSize, madds }) as ModelInfo;
const big = model("big", 513, 2e9);

describe("modeMadds", () => {
  it("is the model's own count for one run at its input size, stretched or padded", () => {
    expect(modeMadds(big, parseMode("stretch"))).toBe(2e9);
    expect(modeMadds(big, parseMode("pad"))).toBe(2e9);
  });

  it("doubles with flip and adds each scale's input area", () => {
    expect(modeMadds(big, parseMode("pad+flip"))).toBe(4e9);
    // Scale 0.75 runs at 385×385 (0.75·512 + 1, a side of 16k + 1).
    expect(modeMadds(big, parseMode("stretch@0.75,1"))).toBeCloseTo(2e9 * (1 + (385 * 385) / (513 * 513)), 0);
  });

  it("counts the native fit's smaller input for a 500×375 image", () => {
    // Long side 513; the short side 375·513/500 = 384.75 snaps to 385.
    expect(modeMadds(big, parseMode("native"))).toBeCloseTo((2e9 * 385) / 513, 0);
  });
});

describe("configurations", () => {
  const models = [big, model("small", 257, 0.7e9)];

  it("joins each score with its model and mode, preferring the page file's mIoU, and skips other models", () => {
    const scores = parseScores({
      scores: [
        { id: "big", mode: "pad+flip", mIoU: 70, pageMIoU: 69.5 },
        { id: "small", mIoU: 60 },
        { id: "cli-only", mode: "pad", mIoU: 65 },
      ],
    });
    const configs = configurations(models, scores);
    expect(configs.map((c) => [c.key, c.mIoU, c.madds])).toEqual([
      ["big pad+flip", 69.5, 4e9],
      ["small stretch", 60, 0.7e9],
    ]);
  });

  it("refuses a scores file without scores or a row without mIoU", () => {
    expect(() => parseScores({})).toThrow(/no scores/);
    expect(() => parseScores({ scores: [{ id: "big", mode: "pad" }] })).toThrow(/mIoU/);
  });

  it("puts the cheapest and every better-scoring configuration on the front", () => {
    const configs = configurations(
      models,
      parseScores({
        scores: [
          { id: "small", mode: "stretch", mIoU: 60 },
          { id: "small", mode: "pad", mIoU: 59 },
          { id: "big", mode: "pad", mIoU: 70 },
          { id: "big", mode: "pad+flip", mIoU: 69 },
        ],
      }),
    );
    expect([...frontKeys(configs, (c) => c.madds)]).toEqual(["small stretch", "big pad"]);
  });
});
