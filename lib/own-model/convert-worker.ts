/// <reference lib="webworker" />
// Converts a user's .tflite off the main thread; one worker per conversion.
import { prepareOnnx } from "@/lib/own-model/onnx-model";
import { OwnModelError, prepareTflite } from "@/lib/own-model/prepare";
import type { ConvertPhase } from "@/lib/convert";
import type { ConvertRequest, ConvertResponse } from "@/lib/own-model/protocol";

declare const self: DedicatedWorkerGlobalScope;

const post = (message: ConvertResponse, transfer: Transferable[] = []) => self.postMessage(message, transfer);

self.onmessage = async (event: MessageEvent<ConvertRequest>) => {
  const { name, bytes, labels, onnx } = event.data;
  const options = { labels, onPhase: (phase: ConvertPhase) => post({ type: "phase", phase }) };
  try {
    const model = onnx
      ? await prepareOnnx(new Uint8Array(bytes), name, onnx, options)
      : await prepareTflite(new Uint8Array(bytes), name, options);
    post({ type: "done", model }, [model.onnx.buffer]);
  } catch (error) {
    post({ type: "error", message: (error as Error).message, refused: error instanceof OwnModelError });
  }
};
