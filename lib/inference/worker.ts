/// <reference lib="webworker" />
// The one long-lived worker that owns the model session. Requests are handled one at a time.
import { decodeImageBlob } from "@/lib/image/decode";
import { ImageInputError } from "@/lib/image/sniff";
import { accumulate, createConfusion } from "@/lib/metrics/confusion";
import { segment } from "@/lib/pipeline/segment";
import { checkSameSize, decodeLabelPng, LabelFormatError } from "@/lib/voc/label-png";
import { fetchModel } from "@/lib/inference/fetch-model";
import type { ErrorKind, Request, Response, Timings } from "@/lib/inference/protocol";
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
    ({ bytes, cached } = await fetchModel(req.url, req.bytes, (loaded, total) =>
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

async function segmentFile(req: Extract<Request, { type: "segment" }>) {
  const session = requireSession();
  const t0 = performance.now();
  const decoded = await decodeImageBlob(req.file, req.name, req.maxSide);
  const decode = performance.now() - t0;
  const result = await segment(decoded.raw, req.inputSize, session.infer);
  const timings: Timings = { decode, ...result.timings };
  post(
    {
      type: "segmented",
      id: req.id,
      labels: result.labels,
      width: result.width,
      height: result.height,
      bitmap: decoded.bitmap,
      originalWidth: decoded.originalWidth,
      originalHeight: decoded.originalHeight,
      scaled: decoded.scaled,
      timings,
      info: { ...session.info },
    },
    [result.labels.buffer, decoded.bitmap],
  );
}

async function scorePair(req: Extract<Request, { type: "score" }>) {
  const session = requireSession();
  const t0 = performance.now();
  const decoded = await decodeImageBlob(req.image, `${req.pairId} image`, Infinity);
  decoded.bitmap.close();
  const gt = decodeLabelPng(new Uint8Array(await req.mask.arrayBuffer()));
  checkSameSize(gt, decoded.raw.width, decoded.raw.height);
  const decode = performance.now() - t0;
  const result = await segment(decoded.raw, req.inputSize, session.infer);
  const confusion = createConfusion();
  accumulate(confusion, gt.labels, result.labels);
  post(
    {
      type: "scored",
      id: req.id,
      pairId: req.pairId,
      width: result.width,
      height: result.height,
      counts: confusion.counts,
      timings: { decode, ...result.timings },
      info: { ...session.info },
    },
    [confusion.counts.buffer],
  );
}

/** Model-only latency: one warm-up run, then `runs` timed runs on a fixed input. */
async function timeModel(req: Extract<Request, { type: "time" }>) {
  const session = requireSession();
  const input = Float32Array.from({ length: 3 * req.inputSize * req.inputSize }, (_, i) => (i * 2654435761) % 256);
  await session.infer(input, req.inputSize);
  const ms: number[] = [];
  for (let i = 0; i < req.runs; i++) {
    const t0 = performance.now();
    await session.infer(input, req.inputSize);
    ms.push(performance.now() - t0);
  }
  post({ type: "timed", id: req.id, ms, info: { ...session.info } });
}

function kindOf(error: unknown): ErrorKind {
  if (error instanceof ImageInputError || error instanceof LabelFormatError) return "input";
  return (error as { kind?: ErrorKind }).kind ?? "runtime";
}

self.onmessage = (event: MessageEvent<Request>) => {
  const req = event.data;
  const handle = { load, segment: segmentFile, score: scorePair, time: timeModel }[req.type] as (
    r: Request,
  ) => Promise<void>;
  queue = queue.then(() =>
    handle(req).catch((error: unknown) =>
      post({ type: "error", id: req.id, kind: kindOf(error), message: (error as Error).message ?? String(error) }),
    ),
  );
};
