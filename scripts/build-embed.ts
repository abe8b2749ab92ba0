/**
 * Builds the Segmenter as a plain ES module for pages outside the app's React tree: public/vendor/segmenter/
 * holds segmenter.js (lib/segmenter/index.ts) and its two workers, which it finds beside itself.
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const EMBED_OUT = join(root, "public/vendor/segmenter");

/** The app's bundler finds workers by `new URL("./x.ts", import.meta.url)`; here they are built to x.js. */
const workerUrls: Plugin = {
  name: "worker-urls",
  setup(b) {
    b.onLoad({ filter: /lib[\\/]inference[\\/](client|stages)\.ts$/ }, (args) => ({
      contents: readFileSync(args.path, "utf8").replace(/new URL\("\.\/([\w-]+)\.ts"/g, 'new URL("./$1.js"'),
      loader: "ts",
    }));
  },
};

export async function buildEmbed() {
  await build({
    entryPoints: {
      segmenter: join(root, "lib/segmenter/index.ts"),
      worker: join(root, "lib/inference/worker.ts"),
      "stage-worker": join(root, "lib/inference/stage-worker.ts"),
    },
    outdir: EMBED_OUT,
    bundle: true,
    format: "esm",
    minify: true,
    target: "es2022",
    alias: { "@": root },
    plugins: [workerUrls],
    logLevel: "warning",
  });
}
