/** What this browser offers the inference worker. */
import type { Backend } from "@/lib/contract";

const MAX_LANES = 4;

export function defaultThreads(): number {
  return self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
}

export async function webgpuUnavailable(): Promise<string | null> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return "WebGPU is not available in this browser";
  try {
    return (await gpu.requestAdapter()) ? null : "WebGPU found no GPU adapter";
  } catch (error) {
    return `WebGPU adapter request failed: ${(error as Error).message}`;
  }
}

/**
 * Sessions side by side for a run on many images (the evaluation page), each in its own worker. On WASM, one
 * single-threaded session per thread gets more images through than one session over all of them: its run never
 * waits for other threads, and decoding and scoring fit in between runs. A GPU backend keeps one session.
 */
export function lanesFor(backend: Backend, threads: number): number {
  return backend === "wasm" ? Math.max(1, Math.min(MAX_LANES, threads)) : 1;
}
