// Hostile model files through the whole of prepareTflite (metadata and packed labels included): each converts or is
// refused with an OwnModelError naming the file, however it was mutated.
import { readFileSync } from "node:fs";
import { deflateRawSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { OwnModelError, prepareTflite } from "@/lib/own-model/prepare";
import { MAX_ENTRY_BYTES, readZipEntry } from "@/lib/own-model/zip";
import { mutate } from "@/test/helpers/mutate";
import { SHARED_MODELS, missingShared } from "@/test/helpers/paths";
import { tfliteLayout } from "@/test/helpers/tflite-layout";

/** A one-entry zip, as TFLite metadata appends: `stored` or deflated, with the sizes it declares. */
function zip(name: string, data: Uint8Array, deflate: boolean, declared = data.length): Uint8Array {
  const packed = deflate ? new Uint8Array(deflateRawSync(data)) : data;
  const n = new TextEncoder().encode(name);
  const out = new Uint8Array(30 + n.length + packed.length + 46 + n.length + 22);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0x04034b50, true);
  v.setUint16(8, deflate ? 8 : 0, true);
  v.setUint32(18, packed.length, true);
  v.setUint32(22, declared, true);
  v.setUint16(26, n.length, true);
  out.set(n, 30);
  out.set(packed, 30 + n.length);
  const dir = 30 + n.length + packed.length;
  v.setUint32(dir, 0x02014b50, true);
  v.setUint16(dir + 10, deflate ? 8 : 0, true);
  v.setUint32(dir + 20, packed.length, true);
  v.setUint32(dir + 24, declared, true);
  v.setUint16(dir + 28, n.length, true);
  v.setUint32(dir + 42, 0, true);
  out.set(n, dir + 46);
  const end = dir + 46 + n.length;
  v.setUint32(end, 0x06054b50, true);
  v.setUint16(end + 8, 1, true);
  v.setUint16(end + 10, 1, true);
  v.setUint32(end + 12, 46 + n.length, true);
  v.setUint32(end + 16, dir, true);
  return out;
}

describe("packed files", () => {
  const model = new Uint8Array(1000).fill(7);
  const withZip = (z: Uint8Array) => Uint8Array.from([...model, ...z]);
  const labels = new TextEncoder().encode("background\nperson\n");

  test("stored and deflated entries read back after the model bytes", async () => {
    for (const deflate of [false, true])
      expect(await readZipEntry(withZip(zip("labels.txt", labels, deflate)), "labels.txt")).toEqual(labels);
    expect(await readZipEntry(withZip(zip("labels.txt", labels, true)), "other.txt")).toBeUndefined();
    expect(await readZipEntry(model, "labels.txt")).toBeUndefined();
  });

  test("a labels file over the limit is refused from its header, and a deflate bomb while inflating", async () => {
    const big = new Uint8Array(MAX_ENTRY_BYTES + 1);
    await expect(readZipEntry(withZip(zip("l.txt", big, true)), "l.txt")).rejects.toThrow(
      /declares \d+ bytes .* offset \d+/,
    );
    // The bomb lies about its size: 1 KB declared, 8 MB inside.
    const bomb = withZip(zip("l.txt", new Uint8Array(8 << 20), true, 1024));
    await expect(readZipEntry(bomb, "l.txt")).rejects.toThrow(/inflates past the \d+-byte limit/);
  });
});

describe.skipIf(missingShared("models"))("mutated metadata models", () => {
  test("300 mutations of deeplabv3_257_mv_gpu_metadata.tflite convert or are refused by name", async () => {
    const original = new Uint8Array(readFileSync(`${SHARED_MODELS}/deeplabv3_257_mv_gpu_metadata.tflite`));
    const layout = tfliteLayout(original);
    const tally = { converted: 0, refused: 0 };
    for (let i = 0; i < 300; i++) {
      const { bytes, label } = mutate(original, layout, 14, i);
      // Every third case cuts into, or flips bytes of, the packed zip and the metadata at the end.
      if (i % 3 === 0) bytes[bytes.length - 1 - ((i * 7919) % 900)] ^= 0xff;
      try {
        await prepareTflite(bytes, "m.tflite");
        tally.converted++;
      } catch (e) {
        expect(e, `case ${i} (${label}): ${e}`).toBeInstanceOf(OwnModelError);
        expect((e as Error).message).toMatch(/^"m\.tflite"/);
        tally.refused++;
      }
    }
    console.log(`metadata model mutations: ${tally.converted} converted, ${tally.refused} refused by name`);
  }, 600_000);
});
