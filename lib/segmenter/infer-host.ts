// The Segmenter's host over an Infer (onnxruntime-node in the CLI and the tests): no workers and no DOM. Lanes run
// the shared pipeline (lib/pipeline) in this thread, and stand-in pictures record whether they were closed.
import type { Infer, RawImage, SessionInfo } from "@/lib/contract";
import { finishPair, preparePair, type DecodeImage, type PreparedPair } from "@/lib/pipeline/score-pair";
import type { ClassMap } from "@/lib/metrics/class-map";
import type { FrameDone, PairDone } from "@/lib/inference/protocol";
import type { Mode } from "@/lib/pipeline/modes";
import { finish, inferAll, prepare, segment, type Prepared } from "@/lib/pipeline/segment";
import type { Frame, Host, Lane, Loaded, ModelSource, StageHost, Ticket } from "@/lib/segmenter/host";

/** Stands in for an ImageBitmap: its size, and whether it was closed. */
export class Picture {
  closed = false;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {}
  close() {
    this.closed = true;
  }
}

const picture = (width: number, height: number) => new Picture(width, height) as unknown as ImageBitmap;

export interface InferHostOptions {
  /** Opens a session on the model file at `source.url` (a path in Node). */
  open(source: ModelSource, threads: number): Promise<Infer>;
  decode: DecodeImage;
  /** A live frame's pixels, mirrored when asked. */
  framePixels(frame: Frame, mirror: boolean): RawImage;
}

class InferLane implements Lane {
  private session?: { key: string; infer: Infer; info: SessionInfo };

  constructor(private readonly options: InferHostOptions) {}

  async load(file: ModelSource, _backend: unknown, threads: number): Promise<Loaded> {
    const key = `${file.url}|${threads}`;
    if (this.session?.key === key) return { info: this.session.info, cached: true, ms: 0 };
    const t0 = performance.now();
    this.session = undefined;
    const infer = await this.options.open(file, threads);
    // onnxruntime's CPU kernels: the closest of the page's backends.
    this.session = { key, infer, info: { ep: "wasm", threads } };
    return { info: this.session.info, cached: false, ms: performance.now() - t0 };
  }

  private current() {
    if (!this.session) throw Object.assign(new Error("no model is loaded"), { kind: "model" });
    return this.session;
  }

  /** The whole image: maxSide is the worker's guard on decoding, which a file path in Node does not need. */
  async segment(file: Blob, name: string, inputSize: number, _maxSide: number, mode?: Mode) {
    const { infer, info } = this.current();
    const t0 = performance.now();
    const raw = await this.options.decode(file, name);
    const decode = performance.now() - t0;
    const { labels, width, height, timings } = await segment(raw, inputSize, infer, mode);
    return {
      labels,
      width,
      height,
      bitmap: picture(width, height),
      originalWidth: raw.width,
      originalHeight: raw.height,
      scaled: false,
      timings: { ...timings, decode },
      info,
    };
  }

  async infer(inputs: Parameters<Lane["infer"]>[0]) {
    const { infer, info } = this.current();
    const { logits, ms } = await inferAll(inputs, infer);
    return { logits, ms, info };
  }

  terminate() {
    this.session = undefined;
  }
}

type Held = { pair: PreparedPair; classMap?: ClassMap } | { frame: Prepared; decodeMs: number };

class InferStages implements StageHost {
  private held = new Map<number, Held>();
  private last = 0;

  constructor(private readonly options: InferHostOptions) {}

  private hold(item: Held, prepared: Prepared): Ticket {
    const of = ++this.last;
    this.held.set(of, item);
    return { of, inputs: prepared.inputs };
  }

  async frame(frame: Frame, mirror: boolean, inputSize: number, mode: Mode) {
    const t0 = performance.now();
    let raw: RawImage;
    try {
      raw = this.options.framePixels(frame, mirror);
    } finally {
      frame.close();
    }
    const decodeMs = performance.now() - t0;
    const prepared = prepare(raw, inputSize, mode);
    return this.hold({ frame: prepared, decodeMs }, prepared);
  }

  async pair(...[pairId, image, mask, inputSize, mode, classMap]: Parameters<StageHost["pair"]>) {
    const pair = await preparePair({ id: pairId, image, mask }, { decode: this.options.decode, inputSize, mode });
    return this.hold({ pair, classMap }, pair);
  }

  async finish<T extends PairDone | FrameDone>(ticket: Ticket, { logits, ms }: Parameters<StageHost["finish"]>[1]) {
    const item = this.held.get(ticket.of);
    this.held.delete(ticket.of);
    if (!item) throw new Error("the prepared image was dropped before its logits came back");
    if ("pair" in item) {
      const { width, height, counts, timings } = finishPair(item.pair, logits, ms, item.classMap);
      return { width, height, counts, timings } as T;
    }
    const { labels, width, height, ms: post } = finish(item.frame.plan, logits);
    const timings = { decode: item.decodeMs, preprocess: item.frame.preprocessMs, inference: ms, postprocess: post };
    return { labels, width, height, bitmap: picture(width, height), timings } as T;
  }

  drop(ticket: Ticket) {
    this.held.delete(ticket.of);
  }
}

export function inferHost(options: InferHostOptions): Host {
  return { shared: new InferLane(options), lane: () => new InferLane(options), stages: new InferStages(options) };
}
