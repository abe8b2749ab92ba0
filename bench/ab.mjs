// A/B latency of ONNX variants on onnxruntime-web's WASM backend, in Node (the same wasm build the
// browser runs), alternating the variants run by run so they see the same machine load.
// Usage: node bench/ab.mjs [--threads N] [--rounds N] [--size S] label=file.onnx[:jsonSessionOptions] ...
// Example: node bench/ab.mjs --threads 2 float=public/models/deeplabv3-257.onnx int8=public/models/deeplabv3-257-int8.onnx
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import * as ort from "onnxruntime-web";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    threads: { type: "string", default: "1" },
    rounds: { type: "string", default: "30" },
    size: { type: "string", default: "257" },
  },
});
ort.env.wasm.numThreads = Number(values.threads);
const size = Number(values.size);
const input = new ort.Tensor(
  "float32",
  Float32Array.from({ length: 3 * size * size }, (_, i) => (i * 2654435761) % 256),
  [1, 3, size, size],
);
const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];

const variants = [];
for (const arg of positionals) {
  const [label, rest] = arg.split(/=(.*)/s);
  const [file, json] = rest.split(/:(\{.*)/s);
  const options = { executionProviders: ["wasm"], graphOptimizationLevel: "all", ...(json ? JSON.parse(json) : {}) };
  const session = await ort.InferenceSession.create(readFileSync(file), options);
  await session.run({ image: input });
  variants.push({ label, session, ms: [] });
}
for (let r = 0; r < Number(values.rounds); r++) {
  for (const v of variants) {
    const t0 = performance.now();
    await v.session.run({ image: input });
    v.ms.push(performance.now() - t0);
  }
}
const base = median(variants[0].ms);
for (const v of variants)
  console.log(
    `${v.label.padEnd(24)} median ${median(v.ms).toFixed(1)} ms  min ${Math.min(...v.ms).toFixed(1)}  ratio ${(median(v.ms) / base).toFixed(3)}`,
  );
