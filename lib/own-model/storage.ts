// The user's own models, kept in Cache Storage beside the app's: the ONNX file under its ownModelUrl,
// checked by sha256 when loaded (fetch-model.ts), and the list of entries (name, labels, sha256…) as JSON.
import { MODEL_CACHE } from "@/lib/inference/fetch-model";
import type { ModelInfo } from "@/lib/models/manifest";

const INDEX = "/custom-models/index.json";

async function open(): Promise<Cache> {
  if (!("caches" in self)) throw new Error("this browser has no Cache Storage here, so models cannot be kept");
  return caches.open(MODEL_CACHE);
}

export async function listStoredModels(): Promise<ModelInfo[]> {
  const hit = await (await open().catch(() => null))?.match(INDEX);
  if (!hit) return [];
  try {
    const list = (await hit.json()) as ModelInfo[];
    return Array.isArray(list) ? list.filter((m) => m && m.custom && m.id && m.file && m.sha256) : [];
  } catch {
    return [];
  }
}

async function writeIndex(cache: Cache, list: ModelInfo[]) {
  await cache.put(INDEX, new Response(JSON.stringify(list), { headers: { "Content-Type": "application/json" } }));
}

/** Stores the file, then lists it; a model already stored (same sha256) is replaced. */
export async function storeModel(info: ModelInfo, onnx: Uint8Array): Promise<ModelInfo[]> {
  const cache = await open();
  await cache.put(
    info.file,
    new Response(onnx as BlobPart, { headers: { "Content-Type": "application/octet-stream" } }),
  );
  const list = [...(await listStoredModels()).filter((m) => m.id !== info.id), info];
  await writeIndex(cache, list);
  return list;
}

export async function removeStoredModel(id: string): Promise<ModelInfo[]> {
  const cache = await open();
  const list = await listStoredModels();
  const gone = list.find((m) => m.id === id);
  if (gone) await cache.delete(gone.file);
  const rest = list.filter((m) => m.id !== id);
  await writeIndex(cache, rest);
  return rest;
}
