/**
 * The Segment page's sample gallery, written to public/samples/ (never committed): the upstream golden test
 * image (tflite-support, Apache-2.0) from $MODELS_DIR/testdata, ../shared/models/testdata or its official URL,
 * sha256 checked; and, only when $SAMPLES_VOC_DIR names a local VOCdevkit-style folder, a few of its images
 * with their masks.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Sample } from "@/lib/samples/samples";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(root, "public/samples");
const GOLDEN = {
  file: "segmentation_input_rotation0.jpg",
  sha256: "5bf58d8af1f1c33224f3f3bc0ce451c8daf0739cc15a86d59d8c3bf2879afb97",
  url:
    "https://raw.githubusercontent.com/tensorflow/tflite-support/dd3362ea685bb7ab1f7268c81ec567d3b720ae57/" +
    "tensorflow_lite_support/cc/test/testdata/task/vision/segmentation_input_rotation0.jpg",
};
const VOC_COUNT = 6;

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

async function golden(): Promise<Uint8Array> {
  const dirs = [process.env.MODELS_DIR, resolve(root, "../shared/models")].filter(Boolean) as string[];
  const tried: string[] = [];
  for (const dir of dirs) {
    const path = join(dir, "testdata", GOLDEN.file);
    if (!existsSync(path)) continue;
    const bytes = new Uint8Array(readFileSync(path));
    if (sha256(bytes) === GOLDEN.sha256) return bytes;
    tried.push(`${path} (sha256 mismatch)`);
  }
  const response = await fetch(GOLDEN.url).catch((error: Error) => {
    throw new Error(`${[...tried, `${GOLDEN.url} (${error.message})`].join("; ")}`);
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!response.ok || sha256(bytes) !== GOLDEN.sha256) throw new Error(`${GOLDEN.url}: no verified copy`);
  return bytes;
}

function vocSamples(dir: string, out: string): Sample[] {
  const list = join(dir, "ImageSets/Segmentation/val.txt");
  if (!existsSync(list)) throw new Error(`SAMPLES_VOC_DIR=${dir} has no ImageSets/Segmentation/val.txt`);
  const ids = readFileSync(list, "utf8").split(/\r?\n/).filter(Boolean).slice(0, VOC_COUNT);
  return ids.map((id) => {
    writeFileSync(join(out, `${id}.jpg`), readFileSync(join(dir, "JPEGImages", `${id}.jpg`)));
    writeFileSync(join(out, `${id}.png`), readFileSync(join(dir, "SegmentationClass", `${id}.png`)));
    return { id, title: id, image: `${id}.jpg`, truth: `${id}.png`, credit: "PASCAL VOC 2012 (local copy)" };
  });
}

/** Writes the gallery to `out`; VOC samples only when `vocDir` (by default $SAMPLES_VOC_DIR) is set. */
export async function buildSamples(out = OUT, vocDir = process.env.SAMPLES_VOC_DIR): Promise<Sample[]> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "golden.jpg"), await golden());
  const samples: Sample[] = [
    {
      id: "golden",
      title: "Rider and horse",
      image: "golden.jpg",
      credit: "tflite-support golden test image, Apache-2.0",
    },
  ];
  if (vocDir) samples.push(...vocSamples(resolve(vocDir), out));
  writeFileSync(join(out, "samples.json"), JSON.stringify({ samples }, null, 2));
  return samples;
}
