import type { Backend } from "@/lib/contract";
import { megabytes } from "@/components/ui/format";

/** What a model load is doing, in the same words on every page. */
export function loadPhase(progress: { loaded: number; total: number } | undefined, backend: Backend): string {
  if (!progress) return "Loading the model…";
  if (progress.loaded < progress.total)
    return `Downloading the model: ${megabytes(progress.loaded)} of ${megabytes(progress.total)}`;
  return `Preparing the model for ${backend === "webgpu" ? "WebGPU" : "WASM"} (checking it and building the session)…`;
}
