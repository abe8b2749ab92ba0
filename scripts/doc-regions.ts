/**
 * The generated regions of the docs. Each lies between its start and end markers in one file, and only its
 * generator writes it: never edit one by hand. test/docs/links.test.ts checks that every file holds its markers.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface DocRegion {
  /** The file, relative to the repository root. */
  file: string;
  start: string;
  end: string;
  /** The script that writes it, relative to the repository root. */
  generator: string;
}

const region = (file: string, name: string, generator: string): DocRegion => ({
  file,
  start: `<!-- ${name}:start -->`,
  end: `<!-- ${name}:end -->`,
  generator,
});

export const REGIONS = {
  /** npm run models:table (--render re-renders it from docs/model-scores.json). */
  modelsTable: region("docs/models.md", "models-table", "scripts/models-table.ts"),
  /** npm run bench -- --readme, and npm run bench:table from docs/bench.json. */
  benchSummary: region("docs/speed.md", "bench-summary", "bench/table.ts"),
  /** npm run bench:gpu-table from docs/gpu-h100-webgpu.json. */
  gpuTable: region("docs/speed.md", "gpu-table", "bench/gpu-table.ts"),
} satisfies Record<string, DocRegion>;

/** Where the region's markers are in `text`; throws naming the file when one is missing or they are out of order. */
export function findRegion(text: string, r: DocRegion): { start: number; end: number } {
  const start = text.indexOf(r.start);
  const end = text.indexOf(r.end);
  if (start < 0 || end < 0) throw new Error(`${r.file} lacks the ${r.start} … ${r.end} markers`);
  if (end < start) throw new Error(`${r.file}: ${r.end} comes before ${r.start}`);
  if (text.indexOf(r.start, start + 1) >= 0 || text.indexOf(r.end, end + 1) >= 0)
    throw new Error(`${r.file} holds the ${r.start} … ${r.end} markers more than once`);
  return { start, end };
}

/** Replaces what lies between the region's markers with `body`; the rest of the file stays as it is. */
export function writeRegion(root: string, r: DocRegion, body: string) {
  const path = join(root, r.file);
  const text = readFileSync(path, "utf8");
  const { start, end } = findRegion(text, r);
  writeFileSync(path, `${text.slice(0, start)}${r.start}\n${body}\n${text.slice(end)}`);
}
