/**
 * Prepares everything the app serves that is not in git: onnxruntime-web's runtime files under
 * public/ort/, the converted models under public/models/ and, beside them, the models:table scores
 * (docs/model-scores.json) for the /models page, and the sample gallery under public/samples/ (scripts/samples.ts).
 * Cheap when nothing changed.
 */
import { copyFileSync, existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildModels } from "@/scripts/build-models";
import { buildSamples } from "@/scripts/samples";
import { buildEmbed } from "@/scripts/build-embed";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ORT_FILES = ["", ".jsep", ".asyncify"]
  .flatMap((flavour) => [`ort-wasm-simd-threaded${flavour}.mjs`, `ort-wasm-simd-threaded${flavour}.wasm`])
  .concat(["ort.wasm.min.mjs", "ort.webgpu.min.mjs", "ort.min.mjs"]);

export function copyOrt() {
  const from = join(root, "node_modules/onnxruntime-web/dist");
  const to = join(root, "public/ort");
  mkdirSync(to, { recursive: true });
  for (const file of ORT_FILES) {
    const src = join(from, file);
    const dst = join(to, file);
    if (!existsSync(dst) || statSync(dst).size !== statSync(src).size || statSync(dst).mtimeMs < statSync(src).mtimeMs)
      copyFileSync(src, dst);
  }
}

/** The scores npm run models:table wrote, served as /models/scores.json. */
function copyScores() {
  copyFileSync(join(root, "docs/model-scores.json"), join(root, "public/models/scores.json"));
}

copyOrt();
buildModels()
  .then(async (m) => {
    copyScores();
    const samples = await buildSamples();
    await buildEmbed();
    console.log(
      `setup: onnxruntime-web in public/ort, ${m.models.length} models and their scores in public/models, ` +
        `${samples.length} samples in public/samples, the embeddable Segmenter in public/vendor/segmenter`,
    );
  })
  .catch((error) => {
    console.error(`setup failed: ${(error as Error).message}`);
    process.exit(1);
  });
