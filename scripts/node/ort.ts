import * as ort from "onnxruntime-node";
import type { Infer } from "@/lib/inference/types";

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
  const infer: Infer = async (input, size) => {
    const feeds = { image: new ort.Tensor("float32", input, [1, 3, size, size]) };
    const out = (await session.run(feeds)).logits;
    const [, classes, height, width] = out.dims as number[];
    const data = out.data as Float32Array;
    out.dispose();
    return { data, classes, height, width };
  };
  return { infer, release: () => session.release() };
}
