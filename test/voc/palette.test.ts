import { describe, expect, it } from "vitest";
import { IGNORE_INDEX, NUM_CLASSES, VOC_CLASSES } from "@/lib/voc/classes";
import { VOC_PALETTE, paletteColor } from "@/lib/voc/palette";

// Reference colour map: bit (3j + channel) of the index becomes bit (7 − j) of
// that channel, written with plain arithmetic instead of shifts.
function referenceColor(index: number): number[] {
  return [0, 1, 2].map((channel) => {
    let value = 0;
    for (let j = 0; j < 8; j++) {
      const bit = Math.floor(index / 2 ** (3 * j + channel)) % 2;
      value += bit * 2 ** (7 - j);
    }
    return value;
  });
}

describe("VOC classes", () => {
  it("has 21 names with background first", () => {
    expect(VOC_CLASSES.length).toBe(NUM_CLASSES);
    expect(VOC_CLASSES[0]).toBe("background");
    expect(VOC_CLASSES[15]).toBe("person");
    expect(VOC_CLASSES[20]).toBe("tvmonitor");
    expect(new Set(VOC_CLASSES).size).toBe(21);
    expect(IGNORE_INDEX).toBe(255);
  });
});

describe("VOC palette", () => {
  it("matches the reference colour map for all 256 entries", () => {
    expect(VOC_PALETTE.length).toBe(768);
    for (let i = 0; i < 256; i++) {
      expect(paletteColor(i)).toEqual(referenceColor(i));
      expect([...VOC_PALETTE.subarray(i * 3, i * 3 + 3)]).toEqual(referenceColor(i));
    }
  });

  it("has the well-known VOC colours", () => {
    expect(paletteColor(0)).toEqual([0, 0, 0]);
    expect(paletteColor(1)).toEqual([128, 0, 0]);
    expect(paletteColor(2)).toEqual([0, 128, 0]);
    expect(paletteColor(15)).toEqual([192, 128, 128]);
    expect(paletteColor(20)).toEqual([0, 64, 128]);
    expect(paletteColor(255)).toEqual([224, 224, 192]);
  });

  it("gives distinct colours to the classes and the void label", () => {
    const keys = [...Array(21).keys(), 255].map((i) => paletteColor(i).join(","));
    expect(new Set(keys).size).toBe(22);
  });

  it("rejects indices outside 0..255", () => {
    expect(() => paletteColor(256)).toThrow(RangeError);
    expect(() => paletteColor(-1)).toThrow(RangeError);
    expect(() => paletteColor(1.5)).toThrow(RangeError);
  });
});
