import { readFileSync } from "node:fs";
import * as ort from "onnxruntime-node";
import type { Infer } from "@/lib/contract";
import { runModel } from "@/lib/inference/run-model";

export interface NodeSession {
  infer: Infer;
  release(): Promise<void>;
}

/**
 * Where the CLI runs models: `native` is onnxruntime-node (MLAS, the fastest here); `wasm` is
 * onnxruntime-web's wasm build in Node, the very kernels the page runs, for page-vs-CLI comparisons.
 */
export type NodeRuntime = "native" | "wasm";
export const NODE_RUNTIMES: readonly NodeRuntime[] = ["native", "wasm"];

/** An onnxruntime session over a model file or bytes, exposing the shared Infer contract. */
export async function openNodeSession(
  model: string | Uint8Array,
  threads = 0,
  runtime: NodeRuntime = "native",
): Promise<NodeSession> {
  if (runtime === "wasm") {
    const web = await import("onnxruntime-web");
    web.env.wasm.numThreads = threads || 1;
    const bytes = typeof model === "string" ? new Uint8Array(readFileSync(model)) : model;
    const session = await web.InferenceSession.create(bytes, {
      executionProviders: ["wasm"],
      graphOptimizationLevel: "all",
    });
    return {
      infer: (input, height, width) => runModel(web.Tensor, session, input, height, width),
      release: () => session.release(),
    };
  }
  const options: ort.InferenceSession.SessionOptions = { intraOpNumThreads: threads, graphOptimizationLevel: "all" };
  const session =
    typeof model === "string"
      ? await ort.InferenceSession.create(model, options)
      : await ort.InferenceSession.create(model, options);
  return {
    infer: (input, height, width) => runModel(ort.Tensor, session, input, height, width),
    release: () => session.release(),
  };
}
