// The upstream golden test (tflite-support image_segmenter_test) allows 1% of pixels to differ; ours must match all.
import { readFileSync } from "node:fs";
import sharp from "sharp";
import { expect, test } from "vitest";
import { convertTflite } from "@/lib/convert";
import { segment } from "@/lib/pipeline/segment";
import { decodeImage } from "@/lib/node/decode";
import { openNodeSession } from "@/lib/node/ort";
import { missingShared, SHARED_MODELS } from "@/test/helpers/paths";

test.skipIf(missingShared("models")).each(["deeplabv3_257_mv_gpu.tflite", "deeplabv3_257_mv_gpu_metadata.tflite"])(
  "golden mask: %s",
  async (file) => {
    const { onnx, inputSize } = convertTflite(new Uint8Array(readFileSync(`${SHARED_MODELS}/${file}`)));
    const session = await openNodeSession(onnx, 1);
    const image = await decodeImage(`${SHARED_MODELS}/testdata/segmentation_input_rotation0.jpg`);
    const { labels } = await segment(image, inputSize, session.infer);
    await session.release();
    const golden = await sharp(`${SHARED_MODELS}/testdata/segmentation_golden_rotation0.png`)
      .extractChannel(0)
      .raw()
      .toBuffer();
    expect(golden.length).toBe(labels.length);
    let differing = 0;
    for (let i = 0; i < labels.length; i++) if (golden[i] !== labels[i] * 10) differing++;
    const percent = (100 * differing) / labels.length;
    console.log(`golden ${file}: ${differing} of ${labels.length} pixels differ (${percent.toFixed(3)}%)`);
    expect(differing).toBe(0);
  },
);
