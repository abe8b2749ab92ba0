/** What this browser offers the inference worker. */

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
