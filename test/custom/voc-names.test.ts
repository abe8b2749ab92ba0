import { describe, expect, test } from "vitest";
import { scoresAsVoc, vocIndexOf } from "@/lib/custom/voc-names";
import { VOC_CLASSES } from "@/lib/voc/classes";

describe("VOC names", () => {
  test("the metadata's spellings mean VOC's classes", () => {
    expect(["dining table", "potted plant", "tv", "Person", "motorcycle"].map(vocIndexOf)).toEqual([
      11, 16, 20, 15, 14,
    ]);
    expect(vocIndexOf("cool")).toBe(-1);
  });
  test("only VOC's 21 in VOC's order score as VOC", () => {
    expect(scoresAsVoc([...VOC_CLASSES])).toBe(true);
    expect(scoresAsVoc([...VOC_CLASSES].reverse())).toBe(false);
    expect(scoresAsVoc(["background", "person"])).toBe(false);
  });
});
