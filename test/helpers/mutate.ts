// Seeded mutations of a TFLite file for fuzzing the converter; the test and `npm run fuzz` share them.
import type { Layout } from "@/test/helpers/tflite-layout";
import { rng } from "@/test/helpers/rng";

export interface Mutant {
  bytes: Uint8Array;
  /** What was done, enough to recognise the case in a report. */
  label: string;
}

type Random = () => number;
type Edit = (bytes: Uint8Array, layout: Layout, random: Random) => { bytes: Uint8Array; label: string };

const WINDOW = 64 * 1024;
const int = (random: Random, n: number) => Math.floor(random() * n);
const pick = <T>(random: Random, list: readonly T[]): T => list[int(random, list.length)];
const hex = (n: number | bigint) => `0x${n.toString(16)}`;

/** The generator of case `index` under `seed`, so any one case reproduces on its own. */
export const caseRandom = (seed: number, index: number) =>
  rng((Math.imul(seed, 0x9e3779b1) + Math.imul(index, 0x85ebca6b)) >>> 0);

function cut(bytes: Uint8Array, at: number, why: string) {
  const n = Math.max(0, Math.min(bytes.length - 1, at));
  return { bytes: bytes.subarray(0, n), label: `truncate to ${n} (${why})` };
}

const truncate: Edit = (bytes, layout, random) => {
  const r = random();
  if (r < 0.4) {
    const sites = pick(random, [layout.offsets, layout.lengths, layout.vtables, layout.voffsets]);
    return cut(bytes, pick(random, sites) + int(random, 9) - 4, "at a field");
  }
  if (r < 0.7) return cut(bytes, int(random, bytes.length), "anywhere");
  return cut(bytes, bytes.length - 1 - int(random, WINDOW), "in the last 64 KB");
};

const flip: Edit = (bytes, layout, random) => {
  const changes: string[] = [];
  for (let k = 1 + int(random, 4); k > 0; k--) {
    const [start, end] = pick(random, layout.regions);
    const at = start + int(random, Math.max(1, end - start));
    const value = random() < 0.5 ? bytes[at] ^ (1 + int(random, 255)) : int(random, 256);
    bytes[at] = value;
    changes.push(`${at}=${hex(value)}`);
  }
  return { bytes, label: `flip table bytes ${changes.join(" ")}` };
};

function huge32(random: Random, bytes: Uint8Array, at: number): number {
  return pick(random, [
    () => 0xffffffff,
    () => 0x7fffffff,
    () => 0x80000000,
    () => 0xfffffffc,
    () => bytes.length - at,
    () => bytes.length + int(random, 0x10000),
    () => bytes.length + int(random, 0xffffffff - bytes.length),
    () => int(random, bytes.length),
  ])();
}

const huge: Edit = (bytes, layout, random) => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fields = {
    offset: layout.offsets,
    length: layout.lengths,
    vtable: layout.vtables,
    voffset: layout.voffsets,
    long: layout.longs,
  };
  // Files without buffers stored past the flatbuffer have no uint64 fields.
  const kind = pick(
    random,
    (Object.keys(fields) as (keyof typeof fields)[]).filter((k) => fields[k].length),
  );
  const at = pick(random, fields[kind]);
  if (kind === "voffset") {
    const value = pick(random, [0xffff, 0xfffe, 0x8000, 0x7fff, int(random, 0x10000)]);
    view.setUint16(at, value, true);
    return { bytes, label: `vtable entry at ${at} = ${hex(value)}` };
  }
  if (kind === "long") {
    const value = pick(random, [2n ** 64n - 1n, 2n ** 63n, BigInt(bytes.length), BigInt(int(random, 2 ** 32))]);
    view.setBigUint64(at, value, true);
    return { bytes, label: `buffer offset/size at ${at} = ${hex(value)}` };
  }
  const value = huge32(random, bytes, at);
  view.setUint32(at, value, true);
  return { bytes, label: `${kind} at ${at} = ${hex(value)}` };
};

const scalar: Edit = (bytes, layout, random) => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = random() < 0.5 && layout.dims.length > 0;
  const at = pick(random, dims ? layout.dims : layout.indices);
  const old = view.getInt32(at, true);
  const values = [-1, -2, -(2 ** 31), 2 ** 31 - 1, 0, 1, 2 ** 16, 2 ** 20, old + 1 + int(random, 4), old * 1000];
  const value = pick(
    random,
    values.map((v) => v | 0).filter((v) => v !== old),
  );
  view.setInt32(at, value, true);
  return { bytes, label: `${dims ? "shape dim" : "index"} at ${at}: ${old} → ${value}` };
};

/** The first probe's kind: up to 8 bytes overwritten in the first or last 64 KB, a fifth also truncated. */
const overwrite: Edit = (bytes, _layout, random) => {
  const changes: string[] = [];
  const tail = random() < 0.5;
  for (let k = 1 + int(random, 8); k > 0; k--) {
    const at = tail ? bytes.length - 1 - int(random, WINDOW) : int(random, Math.min(WINDOW, bytes.length));
    bytes[at] = int(random, 256);
    changes.push(`${at}=${hex(bytes[at])}`);
  }
  const label = `overwrite ${changes.join(" ")}`;
  if (random() >= 0.2) return { bytes, label };
  const truncated = cut(bytes, int(random, bytes.length), "anywhere");
  return { bytes: truncated.bytes, label: `${label}, ${truncated.label}` };
};

const EDITS: [weight: number, edit: Edit][] = [
  [0.15, truncate],
  [0.25, flip],
  [0.25, huge],
  [0.15, scalar],
  [0.2, overwrite],
];

function edit(random: Random): Edit {
  let r = random();
  for (const [weight, e] of EDITS) if ((r -= weight) < 0) return e;
  return overwrite;
}

/** Mutation `index` of `original` (never modified) under `seed`; a few cases get two edits. */
export function mutate(original: Uint8Array, layout: Layout, seed: number, index: number): Mutant {
  const random = caseRandom(seed, index);
  let { bytes, label } = edit(random)(original.slice(), layout, random);
  if (random() < 0.15 && bytes.length === original.length) {
    const second = edit(random)(bytes, layout, random);
    bytes = second.bytes;
    label = `${label}; ${second.label}`;
  }
  return { bytes, label };
}
