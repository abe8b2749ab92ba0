import { describe, expect, test } from "vitest";
import { scoresAsVoc, sharedNote, vocIndexOf, vocMetrics, vocSharing } from "@/lib/metrics/voc-sharing";
import { createConfusion } from "@/lib/metrics/confusion";
import { deriveMetrics } from "@/lib/metrics/derive";
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

describe("scoring over shared classes", () => {
  test("model classes map to VOC's, the others to a VOC class the model lacks, whose ground truth is ignored", () => {
    const { sharing, problem } = vocSharing(["background", "grass", "Person"]);
    expect(problem).toBeUndefined();
    expect(sharing!.scored).toEqual([0, 15]);
    expect(sharing!.names).toEqual(["background", "person"]);
    expect([...sharing!.classMap.prediction]).toEqual([0, 1, 15]);
    expect([0, 1, 15, 20, 255].map((v) => sharing!.classMap.truth[v])).toEqual([0, 255, 15, 255, 255]);
  });

  test("no shared class is a problem; VOC's 21 in order score as they are", () => {
    expect(vocSharing(["cool", "warm"]).problem).toMatch(/none of its 2 classes \(cool, warm\) is a VOC class/);
    expect(vocSharing([...VOC_CLASSES])).toEqual({});
  });

  test("every VOC class and more: the others are VOC's background, every class is scored", () => {
    const labels = ["grass", ...[...VOC_CLASSES].reverse(), "giraffe"];
    const { sharing, problem } = vocSharing(labels);
    expect(problem).toBeUndefined();
    expect(sharing!.scored).toEqual(VOC_CLASSES.map((_, k) => k));
    expect(sharing!.asBackground).toEqual(["grass", "giraffe"]);
    expect([...sharing!.classMap.prediction]).toEqual([0, ...VOC_CLASSES.map((_, k) => 20 - k), 0]);
    expect(sharedNote("COCO", sharing!)).toMatch(
      /all of VOC's 21 classes and 2 more \(grass, giraffe\), scored as background/,
    );
    // truth: background, person, person; prediction: giraffe, person, grass.
    const m = vocMetrics(Uint8Array.from([0, 15, 15]), Uint8Array.from([22, 20 - 15 + 1, 0]), labels);
    expect(m.iou[0]).toBe(0.5);
    expect(m.iou[15]).toBe(0.5);
  });

  test("metrics count only the scored classes", () => {
    const conf = createConfusion(3);
    // row = truth: class 0 right twice, class 1 once predicted as 2 (the misses' bin), nothing in row 2.
    conf.counts.set([2, 0, 0, 0, 1, 1, 0, 0, 0]);
    const all = deriveMetrics(conf);
    const some = deriveMetrics(conf, [0, 1]);
    expect(all.iou).toEqual([1, 0.5, 0]);
    expect(some.iou.slice(0, 2)).toEqual([1, 0.5]);
    expect(some.iou[2]).toBeNaN();
    expect([all.mIoU, some.mIoU]).toEqual([0.5, 0.75]);
  });
});

describe("one image against a VOC mask", () => {
  test("a model of other classes is scored over the shared ones; one sharing none is refused", () => {
    // truth: background, background, aeroplane (not shared: ignored), person; model: background, grass, person.
    const gt = Uint8Array.from([0, 0, 1, 15]);
    const pred = Uint8Array.from([0, 1, 1, 2]);
    const m = vocMetrics(gt, pred, ["background", "grass", "person"]);
    expect(m.iou[0]).toBe(0.5); // one of two background pixels, the other a miss ("grass")
    expect(m.iou[15]).toBe(1);
    expect(m.mIoU).toBe(0.75);
    expect(Number.isNaN(m.iou[1])).toBe(true);
    expect(() => vocMetrics(gt, pred, ["cool", "warm", "hot"])).toThrow(/none of its 3 classes/);
    expect(vocMetrics(gt, Uint8Array.from([0, 0, 1, 15])).mIoU).toBe(1);
  });
});
