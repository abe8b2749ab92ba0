const CACHE = "deeplab-models-v1";

/**
 * The model bytes, from Cache Storage when this exact URL was fetched before, else downloaded with
 * progress and stored for the next visit.
 */
export async function fetchModel(
  url: string,
  expected: number,
  onProgress: (loaded: number, total: number) => void,
): Promise<{ bytes: Uint8Array; cached: boolean }> {
  const cache = "caches" in self ? await caches.open(CACHE).catch(() => null) : null;
  const hit = await cache?.match(url);
  if (hit) {
    const bytes = new Uint8Array(await hit.arrayBuffer());
    if (bytes.length === expected) return { bytes, cached: true };
  }
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`could not download ${url}: HTTP ${response.status}`);
  // Content-Length may count compressed bytes, so the manifest's size is the one to trust.
  const total = expected;
  const bytes = new Uint8Array(total);
  let loaded = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (loaded + value.length > bytes.length)
      throw new Error(`${url} is larger than the manifest says (${expected} bytes)`);
    bytes.set(value, loaded);
    loaded += value.length;
    onProgress(loaded, total);
  }
  if (loaded !== expected) throw new Error(`${url} is ${loaded} bytes, the manifest says ${expected}`);
  await cache
    ?.put(url, new Response(bytes.slice(), { headers: { "Content-Type": "application/octet-stream" } }))
    .catch(() => {});
  return { bytes, cached: false };
}
