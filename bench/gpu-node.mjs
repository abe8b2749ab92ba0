// Real-GPU check for the device machine (no Chromium there): each converted model on
// onnxruntime-node's WebGPU EP (Dawn on Vulkan, the EP behind onnxruntime-web's WebGPU bundle)
// against its CPU EP on the same machine: median latency and agreement of the outputs.
// For QDQ models it also times the float twin the app loads in the browser.
// Usage: node bench/gpu-node.mjs <models dir> <out.json> [runs]
import { readFileSync, writeFileSync } from "node:fs";
import ort from "onnxruntime-node";

const [dir, out, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 30);
const manifest = JSON.parse(readFileSync(`${dir}/manifest.json`, "utf8"));
const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];
const results = [];

async function time(session, feeds) {
  await session.run(feeds);
  const ms = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    last = await session.run(feeds);
    ms.push(performance.now() - t0);
  }
  return { median: median(ms), min: Math.min(...ms), logits: last.logits };
}

for (const model of manifest.models) {
  const size = model.inputSize;
  const input = Float32Array.from({ length: 3 * size * size }, (_, i) => (i * 2654435761) % 256);
  const feeds = { image: new ort.Tensor("float32", input, [1, 3, size, size]) };
  const row = { id: model.id };
  try {
    const cpu = await ort.InferenceSession.create(`${dir}/${model.file}`, { executionProviders: ["cpu"] });
    const c = await time(cpu, feeds);
    row.cpu_ms = c.median;
    const gpu = await ort.InferenceSession.create(`${dir}/${model.file}`, { executionProviders: ["webgpu"] });
    const g0 = await time(gpu, feeds);
    row.webgpu_same_file_ms = g0.median;
    const twin = model.browser
      ? await ort.InferenceSession.create(`${dir}/${model.browser.file}`, { executionProviders: ["webgpu"] })
      : gpu;
    const g = model.browser ? await time(twin, feeds) : g0;
    row.webgpu_ms = g.median;
    row.webgpu_min_ms = g.min;
    const [, k, h, w] = c.logits.dims;
    const a = c.logits.data,
      b = g.logits.data;
    let maxDiff = 0,
      agree = 0;
    for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
    for (let p = 0; p < h * w; p++) {
      let ai = 0,
        bi = 0;
      for (let c2 = 1; c2 < k; c2++) {
        if (a[c2 * h * w + p] > a[ai * h * w + p]) ai = c2;
        if (b[c2 * h * w + p] > b[bi * h * w + p]) bi = c2;
      }
      if (ai === bi) agree++;
    }
    row.max_abs_diff = maxDiff;
    row.argmax_agreement = agree / (h * w);
  } catch (error) {
    row.error = String(error.message ?? error).slice(0, 400);
  }
  console.log(JSON.stringify(row));
  results.push(row);
}
writeFileSync(out, JSON.stringify(results, null, 1) + "\n");
