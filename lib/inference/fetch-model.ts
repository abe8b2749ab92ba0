/** Cache Storage for model files: the app's own, fetched, and the user's own, converted in the page (lib/own-model). */
export const MODEL_CACHE = "deeplab-models-v1";
const CACHE = MODEL_CACHE;
/** A download that receives nothing for this long is given up with a message, not waited on for ever. */
export const STALL_MS = 30_000;

export interface ExpectedFile {
  bytes: number;
  /** Hex sha256 from the manifest. */
  sha256: string;
}

export async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as BufferSource));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The model bytes, checked against the manifest's size and sha256: from Cache Storage when this exact
 * URL was fetched before and is intact, else downloaded with progress and stored for the next visit.
 * A corrupt cache entry is dropped and the file downloaded again.
 */
export async function fetchModel(
  url: string,
  expected: ExpectedFile,
  onProgress: (loaded: number, total: number) => void,
  stallMs = STALL_MS,
): Promise<{ bytes: Uint8Array; cached: boolean }> {
  const cache = "caches" in globalThis ? await caches.open(CACHE).catch(() => null) : null;
  const hit = await cache?.match(url);
  if (hit) {
    const bytes = new Uint8Array(await hit.arrayBuffer());
    if (bytes.length === expected.bytes && (await sha256(bytes)) === expected.sha256) return { bytes, cached: true };
    await cache!.delete(url);
  }
  const bytes = await download(url, expected.bytes, onProgress, stallMs);
  if (bytes.length !== expected.bytes)
    throw new Error(`${url} is ${bytes.length} bytes, the manifest says ${expected.bytes}`);
  const actual = await sha256(bytes);
  if (actual !== expected.sha256) {
    throw new Error(`${url} is corrupt: its sha256 is ${actual}, the manifest says ${expected.sha256}`);
  }
  await cache
    ?.put(url, new Response(bytes.slice(), { headers: { "Content-Type": "application/octet-stream" } }))
    .catch(() => {});
  return { bytes, cached: false };
}

/** Downloads at most `total` bytes (the manifest's size: Content-Length may count compressed bytes), with progress. */
async function download(
  url: string,
  total: number,
  onProgress: (loaded: number, total: number) => void,
  stallMs: number,
): Promise<Uint8Array> {
  const stalled = new AbortController();
  let timer = setTimeout(() => stalled.abort(), stallMs);
  const alive = () => {
    clearTimeout(timer);
    timer = setTimeout(() => stalled.abort(), stallMs);
  };
  try {
    const response = await fetch(url, { signal: stalled.signal });
    if (!response.ok || !response.body) throw new Error(`could not download ${url}: HTTP ${response.status}`);
    alive();
    const bytes = new Uint8Array(total);
    let loaded = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      alive();
      if (loaded + value.length > bytes.length) {
        await reader.cancel();
        throw new Error(`${url} is larger than the manifest says (${total} bytes)`);
      }
      bytes.set(value, loaded);
      loaded += value.length;
      onProgress(loaded, total);
    }
    return bytes.subarray(0, loaded);
  } catch (error) {
    if (stalled.signal.aborted)
      throw new Error(`the download of ${url} stalled: nothing arrived for ${stallMs / 1000} s`);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
