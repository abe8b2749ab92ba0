import { readFileSync } from "node:fs";
import { decode } from "fast-png";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { VOC_CLASSES } from "@/lib/voc/classes";
import { decodeLabelPng, encodeLabelPng } from "@/lib/voc/label-png";
import { paletteColor } from "@/lib/voc/palette";
import { missingShared, VOC } from "@/test/helpers/paths";

// Real PASCAL VOC 2012 val pairs shared next to the repo (not copied into it).
const root = `${VOC}/`;
const present = !missingShared("voc");

type Entry = { id: string; width: number; height: number; classes: string[]; void_pixels: number };

describe.skipIf(!present)("real VOC ground-truth masks", () => {
  const manifest: Entry[] = present ? JSON.parse(readFileSync(`${root}manifest.json`, "utf8")) : [];

  it("decodes every mask with valid values, the JPEG's size and the listed classes", async () => {
    expect(manifest.length).toBeGreaterThan(0);
    for (const entry of manifest) {
      const bytes = readFileSync(`${root}SegmentationClass/${entry.id}.png`);
      const map = decodeLabelPng(bytes);
      const jpeg = await sharp(`${root}JPEGImages/${entry.id}.jpg`).metadata();
      expect([map.width, map.height], entry.id).toEqual([jpeg.width, jpeg.height]);
      expect([map.width, map.height], entry.id).toEqual([entry.width, entry.height]);

      const seen = new Set<number>();
      let voidPixels = 0;
      for (const v of map.labels) {
        seen.add(v);
        if (v === 255) voidPixels++;
      }
      expect(
        [...seen].every((v) => v <= 20 || v === 255),
        entry.id,
      ).toBe(true);
      expect(voidPixels, entry.id).toBe(entry.void_pixels);
      const objects = [...seen].filter((v) => v >= 1 && v <= 20).map((v) => VOC_CLASSES[v]);
      expect(objects.sort(), entry.id).toEqual([...entry.classes].sort());
    }
  });

  it("uses the same palette as our VOC colour map", () => {
    const png = decode(readFileSync(`${root}SegmentationClass/${manifest[0].id}.png`));
    expect(png.palette?.length).toBe(256);
    png.palette!.forEach((colour, i) => expect(colour).toEqual(paletteColor(i)));
  });

  it("round-trips a real mask through encodeLabelPng", () => {
    const map = decodeLabelPng(readFileSync(`${root}SegmentationClass/${manifest[0].id}.png`));
    const back = decodeLabelPng(encodeLabelPng(map));
    expect(back.width).toBe(map.width);
    expect(back.height).toBe(map.height);
    expect(Buffer.compare(Buffer.from(back.labels), Buffer.from(map.labels))).toBe(0);
  });
});
