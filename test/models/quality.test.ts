import { describe, expect, it } from "vitest";
import type { ModelInfo } from "@/lib/models/manifest";
import { qualityChoice, qualityMode } from "@/lib/models/quality";
import { modeKey, parseMode } from "@/lib/pipeline/modes";

const flexible = {
  id: "flex",
  inputSize: 513,
  flexible: true,
  modes: { best: "pad+flip@0.75,1,1.25", fastest: "native" },
} as ModelInfo;
const fixed = { id: "fixed", inputSize: 257 } as ModelInfo;

describe("qualityMode", () => {
  it("maps Reference to stretch, Fast and Best to the manifest's modes, Accurate to pad", () => {
    const keys = (["reference", "fast", "accurate", "best"] as const).map((q) => modeKey(qualityMode(flexible, q)));
    expect(keys).toEqual(["stretch", "native", "pad", "pad+flip@0.75,1,1.25"]);
  });

  it("falls back to the reference where the manifest names no modes", () => {
    expect(modeKey(qualityMode(fixed, "fast"))).toBe("stretch");
    expect(modeKey(qualityMode(fixed, "best"))).toBe("stretch");
  });
});

describe("qualityChoice", () => {
  it("holds a mode as the quality that gives it", () => {
    expect(qualityChoice(flexible, parseMode("native"), "reference")).toEqual({
      quality: "fast",
      customMode: undefined,
    });
    expect(qualityChoice(flexible, parseMode("pad"), "best")).toEqual({ quality: "accurate", customMode: undefined });
  });

  it("keeps another runnable mode as a custom mode, and the quality as it was", () => {
    expect(qualityChoice(flexible, parseMode("stretch+flip"), "best")).toEqual({
      quality: "best",
      customMode: parseMode("stretch+flip"),
    });
  });

  it("ignores a mode the model cannot run", () => {
    expect(qualityChoice(fixed, parseMode("native"), "accurate")).toEqual({
      quality: "accurate",
      customMode: undefined,
    });
  });
});
