/// <reference lib="webworker" />
// Prepares (decode, preprocess) and finishes (postprocess, score) images beside the inference worker, so that one
// image's inference overlaps the next one's preparing and the previous one's finishing (lib/pipeline/overlap).
import { finishPair, preparePair, type DecodeImage, type PreparedPair } from "@/lib/pipeline/score-pair";
import type { ClassMap } from "@/lib/metrics/class-map";
import { decodeImageBlob } from "@/lib/image/decode";
import type { ErrorKind, StageRequest, StageResponse } from "@/lib/inference/protocol";
import { errorKind, owned } from "@/lib/inference/rpc";
import { finish, prepare, type ModelInput, type Prepared } from "@/lib/pipeline/segment";

declare const self: DedicatedWorkerGlobalScope;

type Held = { pair: PreparedPair; classMap?: ClassMap } | { frame: Prepared; bitmap: ImageBitmap; decodeMs: number };

/** Prepared items waiting for their logits, by the id of the request that prepared them. */
const held = new Map<number, Held>();
/** Well above what a run keeps in flight (three): older ones belong to a run the page abandoned. */
const MAX_HELD = 8;

const post = (message: StageResponse, transfer: Transferable[] = []) => self.postMessage(message, transfer);

function release(id: number) {
  const item = held.get(id);
  if (item && "bitmap" in item) item.bitmap.close();
  held.delete(id);
}

function hold(id: number, item: Held, inputs: ModelInput[]) {
  held.set(id, item);
  while (held.size > MAX_HELD) release(held.keys().next().value!);
  const sent = inputs.map((input) => ({ ...input, data: owned(input.data) }));
  post(
    { type: "prepared", id, inputs: sent },
    sent.map((input) => input.data.buffer),
  );
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
  if (!width || !height) {
    frame.close();
    throw Object.assign(new Error("the frame is empty"), { kind: "input" as ErrorKind });
  }
  if (frameCanvas?.width !== width || frameCanvas.height !== height) frameCanvas = new OffscreenCanvas(width, height);
  const context = frameCanvas.getContext("2d", { willReadFrequently: true })!;
  context.setTransform(mirror ? -1 : 1, 0, 0, 1, mirror ? width : 0, 0);
  context.drawImage(frame, 0, 0);
  frame.close();
  const { data } = context.getImageData(0, 0, width, height);
  return { raw: { data, width, height, channels: 4 as const }, bitmap: frameCanvas.transferToImageBitmap() };
}

type Handlers = { [K in StageRequest["type"]]: (req: Extract<StageRequest, { type: K }>) => Promise<void> | void };

const handlers: Handlers = {
  async pair(req) {
    const files = { id: req.pairId, image: req.image, mask: req.mask };
    const pair = await preparePair(files, { decode, inputSize: req.inputSize, mode: req.mode });
    hold(req.id, { pair, classMap: req.classMap }, pair.inputs);
  },
  frame(req) {
    const t0 = performance.now();
    const { raw, bitmap } = framePixels(req.frame, req.mirror);
    const decodeMs = performance.now() - t0;
    const frame = prepare(raw, req.inputSize, req.mode);
    hold(req.id, { frame, bitmap, decodeMs }, frame.inputs);
  },
  finish(req) {
    const item = held.get(req.of);
    if (!item) throw new Error("the prepared image was dropped before its logits came back");
    if ("pair" in item) {
      const { width, height, counts, timings } = finishPair(item.pair, req.logits, req.ms, item.classMap);
      held.delete(req.of);
      return post({ type: "pair-done", id: req.id, width, height, counts, timings }, [counts.buffer]);
    }
    const { frame, bitmap, decodeMs } = item;
    const { labels, width, height, ms } = finish(frame.plan, req.logits);
    const timings = { decode: decodeMs, preprocess: frame.preprocessMs, inference: req.ms, postprocess: ms };
    held.delete(req.of);
    post({ type: "frame-done", id: req.id, labels, width, height, bitmap, timings }, [labels.buffer, bitmap]);
  },
  drop(req) {
    release(req.of);
    post({ type: "dropped", id: req.id });
  },
};

self.onmessage = async (event: MessageEvent<StageRequest>) => {
  const req = event.data;
  try {
    await (handlers[req.type] as (r: StageRequest) => Promise<void> | void)(req);
  } catch (error) {
    if (req.type === "finish") release(req.of);
    post({ type: "error", id: req.id, kind: errorKind(error), message: (error as Error).message ?? String(error) });
  }
};
