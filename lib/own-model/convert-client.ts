// The page's handle on the convert worker: one worker per file, ended when it answers.
import type { ConvertPhase } from "@/lib/convert";
import type { PreparedModel } from "@/lib/own-model/prepare";
import type { ConvertRequest, ConvertResponse } from "@/lib/own-model/protocol";

export function convertInWorker(
  request: ConvertRequest,
  onPhase: (phase: ConvertPhase) => void,
): Promise<PreparedModel> {
  const worker = new Worker(new URL("./convert-worker.ts", import.meta.url), { type: "module", name: "convert" });
  return new Promise<PreparedModel>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<ConvertResponse>) => {
      const msg = event.data;
      if (msg.type === "phase") return onPhase(msg.phase);
      worker.terminate();
      if (msg.type === "done") resolve(msg.model);
      else reject(new Error(msg.message));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      worker.terminate();
      reject(new Error(`the conversion stopped: ${event.message || "the worker crashed"}`));
    };
    worker.postMessage(request, [request.bytes]);
  });
}
