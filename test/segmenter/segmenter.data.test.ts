// The Segmenter in Node, with no React and no workers: its host runs onnxruntime-node through the Infer seam.
import { openAsBlob } from "node:fs";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { findModel, type Manifest, type ModelInfo } from "@/lib/models/manifest";
import { decodeImage } from "@/lib/node/decode";
import type { Picture } from "@/lib/segmenter/infer-host";
import type { LiveResult } from "@/lib/segmenter/segmenter";
import { VOC_CLASSES } from "@/lib/voc/classes";
import { buildModels } from "@/scripts/build-models";
import { missingShared, SHARED_MODELS, VOC, vocIds } from "@/test/helpers/paths";
import { frameOf, nodeSegmenter, sessions, type FakeFrame } from "@/test/segmenter/node-segmenter";

const GOLDEN = `${SHARED_MODELS}/testdata`;
let manifest: Manifest;
beforeAll(async () => {
  manifest = await buildModels();
}, 300_000);
afterAll(async () => {
  await Promise.all(sessions.map((s) => s.release()));
});

describe.skipIf(missingShared("models"))("Segmenter (Node, onnxruntime-node)", () => {
  test("segment() gives the golden mask, the model's labels and counts; close() frees the picture", async () => {
    const model = findModel(manifest, "deeplabv3-257");
    const segmenter = nodeSegmenter(model);
    const result = await segmenter.segment(await openAsBlob(`${GOLDEN}/segmentation_input_rotation0.jpg`));
    const golden = await sharp(`${GOLDEN}/segmentation_golden_rotation0.png`).extractChannel(0).raw().toBuffer();
    expect(result.labels.length).toBe(golden.length);
    let differing = 0;
    for (let i = 0; i < golden.length; i++) if (golden[i] !== result.labels[i] * 10) differing++;
    expect(differing).toBe(0);
    expect(segmenter.labels).toEqual(VOC_CLASSES.slice(0, model.classes));
    expect(result.counts.length).toBe(model.classes);
    expect(result.counts.reduce((a, b) => a + b, 0)).toBe(result.width * result.height);
    expect(result.model).toBe(model);

    const picture = result.bitmap as unknown as Picture;
    expect(result.closed).toBe(false);
    expect(picture.closed).toBe(false);
    result.close();
    result.close();
    expect(result.closed).toBe(true);
    expect(picture.closed).toBe(true);
    segmenter.close();
    await expect(segmenter.segment(new Blob([]))).rejects.toThrow("the segmenter is closed");
  });

  test.skipIf(missingShared("voc"))("a cancelled evaluation stops early and counts only what it scored", async () => {
    const segmenter = nodeSegmenter(findModel(manifest, "deeplabv3-257"));
    const pairs = vocIds(12).map((id) => ({ id }));
    let seen = 0;
    const { run, lanes } = await segmenter.evaluate(pairs, {
      files: async ({ id }) => [
        await openAsBlob(`${VOC}/JPEGImages/${id}.jpg`),
        await openAsBlob(`${VOC}/SegmentationClass/${id}.png`),
      ],
      cancelled: () => seen >= 3,
      onPair: () => void seen++,
    });
    expect(lanes).toBe(1);
    expect(run.status).toBe("cancelled");
    expect(run.processed).toBeGreaterThanOrEqual(3);
    expect(run.processed).toBeLessThan(pairs.length);
    expect(run.evaluation.images.length).toBe(run.processed);
    expect(run.evaluation.images.map((i) => i.id)).toEqual(pairs.slice(0, run.processed).map((p) => p.id));
  });

  test("a model switch during a live run never shows a frame with the wrong model", async () => {
    const [a, b] = [findModel(manifest, "deeplabv3-257"), findModel(manifest, "mnv2-dm05-513-uint8")];
    const segmenter = nodeSegmenter(a);
    const raw = await decodeImage(`${GOLDEN}/segmentation_input_rotation0.jpg`);
    const shown: { result: ModelInfo; selected: ModelInfo }[] = [];
    const frames: FakeFrame[] = [];
    const results: LiveResult[] = [];
    let switched = false;
    const live = segmenter.live({
      show: (out) => {
        results.push(out);
        shown.push({ result: out.model, selected: segmenter.options.model! });
        return true;
      },
      stats: () => {},
      error: (error) => {
        throw error;
      },
      mirror: () => false,
    });
    const offers = setInterval(() => {
      const frame = frameOf(raw);
      frames.push(frame);
      live.offer({ frame: frame as unknown as VideoFrame, captured: performance.now() });
    }, 5);
    const until = async (done: () => boolean) => {
      while (!done()) await new Promise((r) => setTimeout(r, 5));
    };
    await until(() => shown.length >= 3);
    segmenter.setOptions({ model: b });
    switched = true;
    const at = shown.length;
    await until(() => shown.length >= at + 3);
    clearInterval(offers);
    live.stop();
    await new Promise((r) => setTimeout(r, 300));
    expect(switched).toBe(true);
    for (const { result, selected } of shown) expect(result.id).toBe(selected.id);
    expect(shown.slice(at).every((s) => s.result.id === b.id)).toBe(true);
    expect(shown.some((s) => s.result.id === a.id)).toBe(true);
    // Every frame offered was closed by the host, shown or not.
    expect(frames.every((f) => f.closed)).toBe(true);
    for (const out of results) out.close();
  }, 120_000);
});
