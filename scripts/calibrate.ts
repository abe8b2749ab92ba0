/**
 * npm run calibrate -- [--model deeplabv3-257] [--voc dir] [--images N]
 * Runs a float model over VOC images on onnxruntime-node, records each activation's range, and
 * writes lib/models/calibration/<id>.json: the ranges its int8 QDQ variant is quantized with.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import * as ort from "onnxruntime-node";
import { convertTflite } from "@/lib/convert";
import { CATALOG } from "@/lib/models/catalog";
import { preprocess } from "@/lib/pipeline/preprocess";
import { setFromFolder } from "@/lib/voc/voc-set";
import { loadSource } from "@/scripts/build-models";
import { decodeImage } from "@/lib/node/decode";
import { listFolder } from "@/lib/node/folder";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Evenly spread ids of the list, so calibration sees the whole range of scenes. */
function spread<T>(items: T[], n: number): T[] {
  return Array.from(
    { length: Math.min(n, items.length) },
    (_, i) => items[Math.floor((i * items.length) / Math.min(n, items.length))],
  );
}

async function main() {
  const { values } = parseArgs({
    options: { model: { type: "string" }, voc: { type: "string" }, images: { type: "string" } },
  });
  const id = values.model ?? "deeplabv3-257";
  const entry = CATALOG.find((e) => e.id === id);
  if (!entry) throw new Error(`unknown model "${id}"`);
  const voc = values.voc ?? resolve(root, "../shared/voc-sample");
  const set = await setFromFolder(listFolder(voc), voc);
  if (set.problem) throw new Error(set.problem);
  const images = spread(set.pairing.pairs, Number(values.images ?? 64));
  const ids = images.map((p) => p.id);

  const { source, bytes } = await loadSource(entry);
  const model = convertTflite(bytes, { mean: entry.mean, std: entry.std, exposeActivations: true });
  const session = await ort.InferenceSession.create(model.onnx);
  const ranges: Record<string, [number, number]> = {};
  for (const pair of images) {
    const image = await decodeImage(new Uint8Array(await (await pair.image.file()).arrayBuffer()));
    const input = preprocess(image, model.inputSize);
    const outputs = await session.run({
      image: new ort.Tensor("float32", input, [1, 3, model.inputSize, model.inputSize]),
    });
    for (const [name, tensor] of Object.entries(outputs)) {
      if (!name.startsWith("calib:")) continue;
      const data = tensor.data as Float32Array;
      let lo = Infinity,
        hi = -Infinity;
      for (let i = 0; i < data.length; i++) {
        if (data[i] < lo) lo = data[i];
        if (data[i] > hi) hi = data[i];
      }
      const key = name.slice(6);
      const prev = ranges[key] ?? [Infinity, -Infinity];
      ranges[key] = [Math.min(prev[0], lo), Math.max(prev[1], hi)];
    }
  }
  await session.release();
  const out = join(root, "lib/models/calibration", `${id}.json`);
  mkdirSync(dirname(out), { recursive: true });
  const file = { model: id, source: source.sha256, method: "min/max over calibration images", images: ids, ranges };
  writeFileSync(out, JSON.stringify(file, null, 1) + "\n");
  console.log(`calibrated ${Object.keys(ranges).length} activations of ${id} on ${ids.length} images → ${out}`);
}

main().catch((error) => {
  console.error(`calibrate failed: ${(error as Error).message}`);
  process.exit(1);
});
