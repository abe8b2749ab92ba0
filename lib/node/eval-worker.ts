// worker_threads entry of `npm run eval -- --workers N`: one onnxruntime session scoring the pairs it is sent.
import { parentPort, workerData } from "node:worker_threads";
import { scorePair } from "@/lib/pipeline/score-pair";
import { decodeImage } from "@/lib/node/decode";
import { openNodeSession } from "@/lib/node/ort";
import type { PoolJob, PoolReply, PoolSetup } from "@/lib/node/eval-pool";

const setup = workerData as PoolSetup;
const port = parentPort!;

async function main() {
  const session = await openNodeSession(setup.model, setup.threads, setup.runtime);
  const scorer = {
    decode: async (file: Blob, name: string) => decodeImage(new Uint8Array(await file.arrayBuffer()), name),
    infer: session.infer,
    inputSize: setup.inputSize,
    mode: setup.mode,
    classMap: setup.classMap,
  };
  port.on("message", async (job: PoolJob | "close") => {
    if (job === "close") {
      await session.release();
      process.exit(0);
    }
    let reply: PoolReply;
    try {
      const s = await scorePair({ id: job.id, image: new Blob([job.image]), mask: new Blob([job.mask]) }, scorer);
      const labels = setup.keepLabels ? s.labels : undefined;
      reply = {
        job: job.job,
        id: job.id,
        width: s.width,
        height: s.height,
        counts: s.counts,
        labels,
        timings: s.timings,
      };
      port.postMessage(reply, [s.counts.buffer as ArrayBuffer, ...(labels ? [labels.buffer as ArrayBuffer] : [])]);
    } catch (error) {
      reply = { job: job.job, error: error instanceof Error ? error.message : String(error) };
      port.postMessage(reply);
    }
  });
  port.postMessage({ ready: true });
}

main().catch((error: Error) => port.postMessage({ ready: false, error: error.message }));
