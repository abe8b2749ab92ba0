import * as ort from "onnxruntime-node";
import type { Infer } from "@/lib/contract";
import { runModel } from "@/lib/inference/run-model";

export interface NodeSession {
  infer: Infer;
  release(): Promise<void>;
}

/** onnxruntime-node session over a model file or bytes, exposing the shared Infer contract. */
export async function openNodeSession(model: string | Uint8Array, threads = 0): Promise<NodeSession> {
  const options: ort.InferenceSession.SessionOptions = { intraOpNumThreads: threads, graphOptimizationLevel: "all" };
  const session =
    typeof model === "string"
      ? await ort.InferenceSession.create(model, options)
      : await ort.InferenceSession.create(model, options);
  const infer: Infer = (input, size) => runModel(ort.Tensor, session, input, size);
  return { infer, release: () => session.release() };
}
