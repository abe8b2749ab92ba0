/// <reference lib="webworker" />
// The one long-lived worker that owns the model session. Requests are handled one at a time.
import { decodeImageBlob } from "@/lib/image/decode";
import { inferAll, segment } from "@/lib/pipeline/segment";
import { fetchModel } from "@/lib/inference/fetch-model";
import type { ErrorKind, Request, Response } from "@/lib/inference/protocol";
import { errorKind, owned } from "@/lib/inference/rpc";
import { openSession, type ModelSession } from "@/lib/inference/session";

declare const self: DedicatedWorkerGlobalScope;

let current: { key: string; session: ModelSession } | undefined;
let queue: Promise<unknown> = Promise.resolve();

const post = (message: Response, transfer: Transferable[] = []) => self.postMessage(message, transfer);

function requireSession(): ModelSession {
  if (!current) throw Object.assign(new Error("no model is loaded"), { kind: "model" as ErrorKind });
  return current.session;
}

async function load(req: Extract<Request, { type: "load" }>) {
  const key = `${req.url}|${req.backend}`;
  if (current?.key === key)
    return post({ type: "loaded", id: req.id, info: current.session.info, cached: true, ms: 0 });
  const t0 = performance.now();
  let bytes: Uint8Array, cached: boolean;
  try {
    ({ bytes, cached } = await fetchModel(req.url, req, (loaded, total) =>
      post({ type: "progress", id: req.id, loaded, total }),
    ));
  } catch (error) {
    throw Object.assign(new Error(`The model could not be downloaded: ${(error as Error).message}`), { kind: "model" });
  }
  await current?.session.release().catch(() => {});
  current = undefined;
  try {
    current = { key, session: await openSession(bytes, req.backend, req.threads, req.bundle) };
  } catch (error) {
    throw Object.assign(new Error(`The model could not be loaded: ${(error as Error).message}`), { kind: "model" });
  }
  post({ type: "loaded", id: req.id, info: current.session.info, cached, ms: performance.now() - t0 });
}

/** Decodes and segments an image file; answers with the class map, the picture it was computed on, and the timings. */
async function segmentFile(req: Extract<Request, { type: "segment" }>) {
  const session = requireSession();
  const t0 = performance.now();
  const { bitmap, raw, originalWidth, originalHeight, scaled } = await decodeImageBlob(req.file, req.name, req.maxSide);
  const decode = performance.now() - t0;
  const { labels, width, height, timings } = await segment(raw, req.inputSize, session.infer, req.mode);
  const shown = { bitmap, originalWidth, originalHeight, scaled };
  post(
    {
      type: "segmented",
      id: req.id,
      labels,
      width,
      height,
      ...shown,
      timings: { decode, ...timings },
      info: { ...session.info },
    },
    [labels.buffer, bitmap],
  );
}

/** Runs the model on inputs prepared by the stage worker and sends their logits back, transferred. */
async function infer(req: Extract<Request, { type: "infer" }>) {
  const session = requireSession();
  const { logits, ms } = await inferAll(req.inputs, session.infer);
  const sent = logits.map((l) => ({ ...l, data: owned(l.data) }));
  post(
    { type: "inferred", id: req.id, logits: sent, ms, info: { ...session.info } },
    sent.map((l) => l.data.buffer),
  );
}

self.onmessage = (event: MessageEvent<Request>) => {
  const req = event.data;
  const handle = { load, segment: segmentFile, infer }[req.type] as (r: Request) => Promise<void>;
  queue = queue.then(() =>
    handle(req).catch((error: unknown) =>
      post({ type: "error", id: req.id, kind: errorKind(error), message: (error as Error).message ?? String(error) }),
    ),
  );
};
