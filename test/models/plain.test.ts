import { describe, expect, it } from "vitest";
import type { ModelInfo } from "@/lib/models/manifest";
import { plainModelLabel, speedWord } from "@/lib/models/plain";

const model = (madds: number, inputSize = 257) => ({ madds, inputSize }) as ModelInfo;

describe("plain model labels", () => {
  it("names speed from multiply-adds", () => {
    expect([0.726e9, 2.819e9, 8.826e9].map((m) => speedWord(model(m)))).toEqual(["Fast", "Balanced", "Thorough"]);
  });
  it("says size, score and, once measured, the time here", () => {
    expect(plainModelLabel(model(0.726e9), 2_750_000, 61.6343)).toBe("Fast · 257 px · 61.6 mIoU · 2.8 MB");
    expect(plainModelLabel(model(2.8e9, 513), 2_700_000, 74.56, 151.4)).toBe(
      "Balanced · 513 px · 74.6 mIoU · 2.7 MB · 151 ms here",
    );
    expect(plainModelLabel(model(0.7e9), 1e6)).toBe("Fast · 257 px · 1.0 MB");
  });
  it("leads with the name of a user's own model", () => {
    const own = { ...model(2.8e9, 513), name: "my.tflite (your own)", custom: {} } as ModelInfo;
    expect(plainModelLabel(own, 2_700_000)).toBe("my.tflite (your own) · 513 px · 2.7 MB");
  });
});
