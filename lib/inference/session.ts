// The only module that touches onnxruntime-web. ort is loaded at run time from the files served
// under /ort/ (copied from node_modules at set-up), which keeps it out of the bundler.
import type * as Ort from "onnxruntime-web";
import { webgpuUnavailable } from "@/lib/inference/capabilities";
import { runModel } from "@/lib/inference/run-model";
import { ORT_BUNDLES, type Backend, type Bundle, type Infer, type SessionInfo } from "@/lib/contract";

export interface ModelSession {
  info: SessionInfo;
  infer: Infer;
  release(): Promise<void>;
}

let ortPromise: Promise<typeof Ort> | undefined;

/** Loads ort once per worker; the build and the WASM thread count are fixed at that moment. */
export function loadOrt(threads: number, bundle: Bundle): Promise<typeof Ort> {
  ortPromise ??= (async () => {
    const url = new URL(`/ort/${ORT_BUNDLES[bundle]}`, self.location.origin).href;
    const ort = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ url)) as typeof Ort;
    ort.env.wasm.wasmPaths = new URL("/ort/", self.location.origin).href;
    ort.env.wasm.numThreads = threads;
    ort.env.logLevel = "error";
    return ort;
  })();
  return ortPromise;
}

async function create(ort: typeof Ort, model: Uint8Array, ep: Backend): Promise<Ort.InferenceSession> {
  return ort.InferenceSession.create(model, {
    executionProviders: [ep],
    graphOptimizationLevel: "all",
  });
}

/** Opens a session on the requested backend, falling back to WASM (and saying why) when WebGPU fails. */
export async function openSession(
  model: Uint8Array,
  backend: Backend,
  threads: number,
  bundle: Bundle,
): Promise<ModelSession> {
  const ort = await loadOrt(threads, bundle);
  let ep: Backend = backend;
  let fallback: string | undefined;
  let session: Ort.InferenceSession;
  if (backend === "webgpu") {
    fallback = (await webgpuUnavailable()) ?? undefined;
    if (fallback) ep = "wasm";
  }
  try {
    session = await create(ort, model, ep);
  } catch (error) {
    if (ep !== "webgpu") throw error;
    fallback = `WebGPU session failed: ${(error as Error).message}`;
    ep = "wasm";
    session = await create(ort, model, ep);
  }
  const info: SessionInfo = { ep, threads: ort.env.wasm.numThreads ?? threads, ...(fallback ? { fallback } : {}) };

  const run = (s: Ort.InferenceSession, input: Float32Array, height: number, width: number) =>
    runModel(ort.Tensor, s, input, height, width);

  const infer: Infer = async (input, height, width) => {
    try {
      return await run(session, input, height, width);
    } catch (error) {
      if (info.ep !== "webgpu") throw error;
      // WebGPU failed at run time (device lost, unsupported kernel…): rerun on WASM and keep going there.
      await session.release().catch(() => {});
      session = await create(ort, model, "wasm");
      info.ep = "wasm";
      info.fallback = `WebGPU failed while running: ${(error as Error).message}`;
      return run(session, input, height, width);
    }
  };
  return { info, infer, release: () => session.release() };
}
