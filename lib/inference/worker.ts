/// <reference lib="webworker" />
// The one long-lived worker that owns the model session. Requests are handled one at a time.
import { decodeImageBlob } from "@/lib/image/decode";
import { ImageInputError } from "@/lib/image/sniff";
import { scorePair, type DecodeImage } from "@/lib/eval";
import { segment, type Timings } from "@/lib/pipeline/segment";
import { LabelFormatError } from "@/lib/voc/label-png";
import { fetchModel } from "@/lib/inference/fetch-model";
import type { ErrorKind, Request, Response } from "@/lib/inference/protocol";
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

/** Answers a segment or frame request: the class map, the picture it was computed on, and the timings. */
function postSegmented(
  id: number,
  result: Awaited<ReturnType<typeof segment>>,
  shown: { bitmap: ImageBitmap; originalWidth: number; originalHeight: number; scaled: boolean },
  decode: number,
  session: ModelSession,
) {
  const { labels, width, height } = result;
  const timings: Timings = { decode, ...result.timings };
  post({ type: "segmented", id, labels, width, height, ...shown, timings, info: { ...session.info } }, [
    labels.buffer,
    shown.bitmap,
  ]);
}

async function segmentFile(req: Extract<Request, { type: "segment" }>) {
  const session = requireSession();
  const t0 = performance.now();
  const decoded = await decodeImageBlob(req.file, req.name, req.maxSide);
  const decode = performance.now() - t0;
  const result = await segment(decoded.raw, req.inputSize, session.infer, req.mode);
  const { bitmap, originalWidth, originalHeight, scaled } = decoded;
  postSegmented(req.id, result, { bitmap, originalWidth, originalHeight, scaled }, decode, session);
}

const decode: DecodeImage = async (file, name) => {
  const decoded = await decodeImageBlob(file, name, Infinity);
  decoded.bitmap.close();
  return decoded.raw;
};

let frameCanvas: OffscreenCanvas | undefined;

/** Frame pixels, mirrored when asked, and the frame as shown: the mask is computed on exactly what is displayed. */
function framePixels(frame: ImageBitmap | VideoFrame, mirror: boolean) {
  const width = "displayWidth" in frame ? frame.displayWidth : frame.width;
  const height = "displayHeight" in frame ? frame.displayHeight : frame.height;
  if (!width || !height) throw Object.assign(new Error("the frame is empty"), { kind: "input" as ErrorKind });
  if (frameCanvas?.width !== width || frameCanvas.height !== height) frameCanvas = new OffscreenCanvas(width, height);
  const context = frameCanvas.getContext("2d", { willReadFrequently: true })!;
  context.setTransform(mirror ? -1 : 1, 0, 0, 1, mirror ? width : 0, 0);
  context.drawImage(frame, 0, 0);
  frame.close();
  const { data } = context.getImageData(0, 0, width, height);
  return { raw: { data, width, height, channels: 4 as const }, bitmap: frameCanvas.transferToImageBitmap() };
}

async function segmentFrame(req: Extract<Request, { type: "frame" }>) {
  let session: ModelSession;
  try {
    session = requireSession();
  } catch (error) {
    req.frame.close();
    throw error;
  }
  const t0 = performance.now();
  const { raw, bitmap } = framePixels(req.frame, req.mirror);
  const decode = performance.now() - t0;
  const result = await segment(raw, req.inputSize, session.infer, req.mode);
  const shown = { bitmap, originalWidth: result.width, originalHeight: result.height, scaled: false };
  postSegmented(req.id, result, shown, decode, session);
}

async function score(req: Extract<Request, { type: "score" }>) {
  const session = requireSession();
  const scored = await scorePair(
    { id: req.pairId, image: req.image, mask: req.mask },
    { decode, infer: session.infer, inputSize: req.inputSize, classMap: req.classMap },
  );
  const { width, height, counts, timings } = scored;
  post({ type: "scored", id: req.id, pairId: req.pairId, width, height, counts, timings, info: { ...session.info } }, [
    counts.buffer,
  ]);
}

function kindOf(error: unknown): ErrorKind {
  if (error instanceof ImageInputError || error instanceof LabelFormatError) return "input";
  return (error as { kind?: ErrorKind }).kind ?? "runtime";
}

self.onmessage = (event: MessageEvent<Request>) => {
  const req = event.data;
  const handle = { load, segment: segmentFile, score, frame: segmentFrame }[req.type] as (r: Request) => Promise<void>;
  queue = queue.then(() =>
    handle(req).catch((error: unknown) =>
      post({ type: "error", id: req.id, kind: kindOf(error), message: (error as Error).message ?? String(error) }),
    ),
  );
};
