// The Segmenter's own rules, on stand-in models: the model's class count, and loads shared by the runs that wait.
import { expect, test } from "vitest";
import type { Infer, Logits, RawImage } from "@/lib/contract";
import type { Picture } from "@/lib/segmenter/infer-host";
import { labelsOf, type LiveResult } from "@/lib/segmenter/segmenter";
import { fakeModel, frameOf, nodeHost, nodeSegmenter } from "@/test/segmenter/node-segmenter";
import sharp from "sharp";

test("the live histogram counts every class of the model: class 30 of a 40-class model", async () => {
  const classes = 40;
  const model = { ...fakeModel(classes) };
  // A model that scores class 30 highest everywhere.
  const infer: Infer = async (_input, height, width) => {
    const side = Math.ceil(height / 8);
    const across = Math.ceil(width / 8);
    const logits: Logits = { data: new Float32Array(classes * side * across), classes, height: side, width: across };
    logits.data.fill(1, 30 * side * across, 31 * side * across);
    return logits;
  };
  const segmenter = nodeSegmenter(model, async () => infer);
  const raw: RawImage = { data: new Uint8Array(40 * 30 * 3).fill(128), width: 40, height: 30, channels: 3 };
  const shown = await new Promise<LiveResult>((resolve, reject) => {
    const live = segmenter.live({
      show: (out) => {
        live.stop();
        resolve(out);
        return true;
      },
      stats: () => {},
      error: reject,
      mirror: () => false,
    });
    live.offer({ frame: frameOf(raw) as unknown as VideoFrame, captured: performance.now() });
  });
  expect(shown.counts.length).toBe(classes);
  expect(shown.counts[30]).toBe(40 * 30);
  expect(labelsOf(model)).toHaveLength(classes);
  shown.close();
  expect((shown.bitmap as unknown as Picture).closed).toBe(true);
});

test("a segment() asked for during a failing load shares that load's outcome rather than loading again", async () => {
  let opened = 0;
  const segmenter = nodeSegmenter(fakeModel(21), async () => {
    opened++;
    await new Promise((r) => setTimeout(r, 50));
    throw new Error("the download stalled");
  });
  const loading = segmenter.load();
  const segmenting = segmenter.segment(new Blob([]));
  await expect(loading).rejects.toThrow("the download stalled");
  await expect(segmenting).rejects.toThrow("the download stalled");
  expect(opened).toBe(1);
});

test("a segment() after the shared lane died loads again and succeeds, without a second load while it lives", async () => {
  let opened = 0;
  const classes = 21;
  const infer: Infer = async (_input, height, width) => ({
    data: new Float32Array(classes * height * width),
    classes,
    height,
    width,
  });
  const host = nodeHost(async () => {
    opened++;
    return infer;
  });
  const segmenter = nodeSegmenter(fakeModel(classes), undefined, host);
  const png = await sharp({ create: { width: 8, height: 6, channels: 3, background: "#808080" } })
    .png()
    .toBuffer();
  const image = new Blob([new Uint8Array(png)]);
  (await segmenter.segment(image)).close();
  (await segmenter.segment(image)).close();
  expect(opened).toBe(1);
  host.shared.terminate();
  const after = await segmenter.segment(image);
  expect(after.labels.length).toBe(8 * 6);
  after.close();
  expect(opened).toBe(2);
});
