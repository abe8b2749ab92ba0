// Reads one file from the zip archive that TFLite metadata appends to a model (its associated files).

export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ZipError";
  }
}

const END_SIGNATURE = 0x06054b50;
const ENTRY_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
/** A labels file is a few kilobytes; a larger packed file is refused before it is inflated. */
export const MAX_ENTRY_BYTES = 1 << 20;

/** The bytes of `name` in the zip at the end of `bytes`; undefined when there is no archive or no such entry. */
export async function readZipEntry(bytes: Uint8Array, name: string): Promise<Uint8Array | undefined> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === END_SIGNATURE) {
      end = i;
      break;
    }
  }
  if (end < 0) return undefined;
  const count = view.getUint16(end + 10, true);
  const size = view.getUint32(end + 12, true);
  const offset = view.getUint32(end + 16, true);
  // Offsets count from the archive's start, which may follow the model: the directory ends where the end record starts.
  const shift = end - (offset + size);
  const within = (at: number, n: number, what: string) => {
    if (at < 0 || at + n > bytes.length)
      throw new ZipError(`the packed files' ${what} at offset ${at} (${n} bytes) lies outside the file`);
  };
  let at = offset + shift;
  for (let i = 0; i < count; i++) {
    within(at, 46, "directory entry");
    if (view.getUint32(at, true) !== ENTRY_SIGNATURE)
      throw new ZipError(`the packed files' directory entry at offset ${at} has no entry signature`);
    const method = view.getUint16(at + 10, true);
    const compressed = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true) + shift;
    within(at + 46, nameLength, "entry name");
    const entryName = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    const entry = at;
    at += 46 + skip;
    if (entryName !== name) continue;
    if (size > MAX_ENTRY_BYTES || compressed > MAX_ENTRY_BYTES)
      throw new ZipError(
        `the packed file "${name}" declares ${size} bytes (${compressed} packed) in the directory entry at offset ${entry}, over the ${MAX_ENTRY_BYTES}-byte limit`,
      );
    within(local, 30, "local header");
    if (view.getUint32(local, true) !== LOCAL_SIGNATURE)
      throw new ZipError(`the packed file "${name}" has no local header at offset ${local}`);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    within(start, compressed, `file "${name}"`);
    const data = bytes.subarray(start, start + compressed);
    if (method === 0) return data;
    if (method !== 8) throw new ZipError(`the packed file "${name}" uses compression method ${method}`);
    return inflate(data, name);
  }
  return undefined;
}

/** Inflates raw deflate data, stopping past MAX_ENTRY_BYTES whatever the header said. */
async function inflate(data: Uint8Array, name: string): Promise<Uint8Array> {
  const reader = new Blob([data as BlobPart]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > MAX_ENTRY_BYTES) {
        await reader.cancel();
        throw new ZipError(`the packed file "${name}" inflates past the ${MAX_ENTRY_BYTES}-byte limit`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof ZipError) throw error;
    throw new ZipError(`the packed file "${name}" is not valid deflate data: ${(error as Error).message}`);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
