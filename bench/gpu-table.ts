/**
 * npm run bench:gpu-table: renders docs/gpu-h100-webgpu.json (written by bench/gpu-node.mjs on a
 * real GPU) into the GPU table of docs/speed.md (its gpu-table markers).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CATALOG } from "@/lib/models/catalog";
import { REGIONS, writeRegion } from "@/scripts/doc-regions";

const root = fileURLToPath(new URL("..", import.meta.url));

interface GpuRow {
  id: string;
  cpu_ms?: number;
  webgpu_same_file_ms?: number;
  webgpu_ms?: number;
  max_abs_diff?: number;
  argmax_agreement?: number;
  error?: string;
}

const rows = JSON.parse(readFileSync(`${root}docs/gpu-h100-webgpu.json`, "utf8")) as GpuRow[];
const f = (v?: number) => (v === undefined ? "–" : v.toFixed(1));
// The page does not offer these, so the browser-file columns do not apply.
const cliOnly = new Set(CATALOG.filter((e) => e.cliOnly).map((e) => e.id));
const cells = (r: GpuRow) => {
  const qdq =
    r.webgpu_same_file_ms !== undefined && (cliOnly.has(r.id) || r.webgpu_same_file_ms !== r.webgpu_ms)
      ? f(r.webgpu_same_file_ms)
      : "–";
  if (cliOnly.has(r.id)) return [`${r.id} (CLI only)`, f(r.cpu_ms), qdq, "–", "–", "–"];
  return [
    r.id,
    f(r.cpu_ms),
    qdq,
    f(r.webgpu_ms),
    r.max_abs_diff?.toExponential(1),
    `${((r.argmax_agreement ?? NaN) * 100).toFixed(2)}%`,
  ];
};
const table = [
  "| model | CPU EP ms (16 cores) | WebGPU EP ms, QDQ file | WebGPU EP ms, file the app loads | max \\|Δlogit\\| | argmax agreement |",
  "|---|---|---|---|---|---|",
  ...rows.map((r) => (r.error ? `| ${r.id} | ${r.error} | | | | |` : `| ${cells(r).join(" | ")} |`)),
].join("\n");
writeRegion(root, REGIONS.gpuTable, table);
console.log(table);
