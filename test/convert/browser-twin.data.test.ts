// QDQ models get a plain float twin for the browser (dequantized weights, float activations); it
// must still tell the same story as the integer model.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { convertTflite } from "@/lib/convert";
import { CATALOG } from "@/lib/models/catalog";
import { preprocess } from "@/lib/pipeline/preprocess";
import { conversionOptions, browserOptions } from "@/scripts/build-models";
import { decodeImage } from "@/lib/node/decode";
import { openNodeSession } from "@/lib/node/ort";
import { argmaxPlanar } from "@/test/helpers/logits";
import { missingShared, SHARED_MODELS, VOC, vocIds } from "@/test/helpers/paths";

describe.skipIf(missingShared("voc"))("browser twins of QDQ models", () => {
  test.each(CATALOG.filter((e) => e.qdq && !e.cliOnly).map((e) => [e.id, e] as const))(
    "%s",
    async (_id, entry) => {
      const bytes = new Uint8Array(readFileSync(`${SHARED_MODELS}/${entry.sources[0].file}`));
      const options = conversionOptions(entry);
      const converted = convertTflite(bytes, options);
      const size = converted.inputSize;
      const qdq = await openNodeSession(converted.onnx, 2);
      const twin = await openNodeSession(convertTflite(bytes, browserOptions(options)).onnx, 2);
      let agree = 0,
        total = 0;
      for (const id of vocIds(3)) {
        const input = preprocess(await decodeImage(`${VOC}/JPEGImages/${id}.jpg`), size);
        const a = await qdq.infer(input, size, size);
        const b = await twin.infer(input, size, size);
        const pixels = a.height * a.width;
        const pa = argmaxPlanar(a.data, a.classes, pixels);
        const pb = argmaxPlanar(b.data, b.classes, pixels);
        for (let i = 0; i < pixels; i++) if (pa[i] === pb[i]) agree++;
        total += pixels;
      }
      await qdq.release();
      await twin.release();
      console.log(`${entry.id}: QDQ vs float twin argmax agreement ${((100 * agree) / total).toFixed(2)}%`);
      expect(agree / total).toBeGreaterThanOrEqual(0.98);
    },
    120_000,
  );
});
