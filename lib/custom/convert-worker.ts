/// <reference lib="webworker" />
// Converts a user's .tflite off the main thread; one worker per conversion.
import { CustomModelError, prepareTflite } from "@/lib/custom/prepare";
import type { ConvertRequest, ConvertResponse } from "@/lib/custom/protocol";

declare const self: DedicatedWorkerGlobalScope;

const post = (message: ConvertResponse, transfer: Transferable[] = []) => self.postMessage(message, transfer);

self.onmessage = async (event: MessageEvent<ConvertRequest>) => {
  const { name, bytes, labels } = event.data;
  try {
    const model = await prepareTflite(new Uint8Array(bytes), name, {
      labels,
      onPhase: (phase) => post({ type: "phase", phase }),
    });
    post({ type: "done", model }, [model.onnx.buffer]);
  } catch (error) {
    post({ type: "error", message: (error as Error).message, refused: error instanceof CustomModelError });
  }
};
