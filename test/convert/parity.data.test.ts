// The converted ONNX (onnxruntime-node) against the original TFLite file (tfjs-tflite in Chromium),
// for every model in ../shared/models, on the first VOC val images.
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { convertTflite } from "@/lib/convert";
import { CATALOG } from "@/lib/models/catalog";
import { conversionOptions } from "@/scripts/build-models";
import { readTflite } from "@/lib/convert/tflite/reader";
import { preprocess } from "@/lib/pipeline/preprocess";
import { decodeImage } from "@/lib/node/decode";
import { openNodeSession } from "@/lib/node/ort";
import { resizeLogits } from "@/test/helpers/logits";
import { missingShared, SHARED_MODELS, VOC, vocIds } from "@/test/helpers/paths";
import { TfliteReference } from "@/test/helpers/tflite-reference";
import { outputBeforeArgmax } from "@/lib/node/tflite-rewrite";

const IMAGES = Number(process.env.PARITY_IMAGES ?? 20);
const files = (missingShared("models") ? [] : readdirSync(SHARED_MODELS)).filter((f) => f.endsWith(".tflite")).sort();
/** Every source file, converted the way each catalog model built from it is (float, QDQ, calibrated). */
const cases = files.flatMap((file) => {
  const entries = CATALOG.filter((e) => e.sources.some((s) => s.file === file));
  return (entries.length ? entries : [undefined]).map((entry) => ({
    label: `${file} as ${entry?.id ?? "float"}`,
    file,
    entry,
  }));
});

let reference: TfliteReference;
beforeAll(async () => {
  reference = await TfliteReference.start();
}, 60_000);
afterAll(() => reference?.close());

describe.skipIf(missingShared("voc"))("parity with the original TFLite", () => {
  for (const { label, file, entry } of cases)
    test(
      label,
      async () => {
        const source = new Uint8Array(readFileSync(`${SHARED_MODELS}/${file}`));
        const refBytes = outputBeforeArgmax(source);
        const refGraph = readTflite(refBytes);
        const refIn = refGraph.tensors[refGraph.inputs[0]];
        const refOut = refGraph.tensors[refGraph.outputs[0]];
        // Quantized sources, and float sources we quantize ourselves, are held to the quantized bar.
        const quantized = !!entry?.calibration || refGraph.tensors.some((t) => t.type === "int8" || t.type === "uint8");
        const modelUrl = reference.addModel(file, refBytes);
        const converted = convertTflite(source, conversionOptions(entry));
        const session = await openNodeSession(converted.onnx, 2);
        const size = converted.inputSize;

        let agree = 0,
          total = 0,
          maxDiff = 0;
        for (const id of vocIds(IMAGES)) {
          const image = await decodeImage(`${VOC}/JPEGImages/${id}.jpg`);
          const planar = preprocess(image, size);
          const ours = await session.infer(planar, size, size);

          const pixels = size * size;
          const nhwc = refIn.type === "float32" ? new Float32Array(pixels * 3) : new Uint8Array(pixels * 3);
          for (let i = 0; i < pixels; i++)
            for (let c = 0; c < 3; c++) {
              const v = planar[c * pixels + i];
              nhwc[i * 3 + c] = refIn.type === "float32" ? (v - 127.5) / 127.5 : v;
            }
          const [, H, W] = refOut.shape;
          const mine =
            ours.height === H ? ours.data : resizeLogits(ours.data, ours.classes, ours.height, ours.width, H, W);
          const quant =
            refOut.quant && refOut.type !== "float32"
              ? ([refOut.quant.scale[0], refOut.quant.zeroPoint[0]] as [number, number])
              : undefined;
          const result = await reference.compare(modelUrl, nhwc, mine, 2, quant);
          agree += result.agree;
          total += result.total;
          maxDiff = Math.max(maxDiff, result.maxDiff);
        }
        await session.release();
        const percent = (100 * agree) / total;
        console.log(
          `parity ${file} as ${entry?.id ?? "float"}: argmax agreement ${percent.toFixed(3)}% over ${IMAGES} images, max |Δlogit| ${maxDiff.toExponential(2)}`,
        );
        expect(percent).toBeGreaterThanOrEqual(quantized ? 98 : 99.9);
      },
      600_000,
    );
});
