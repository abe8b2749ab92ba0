// The page's handle on the inference worker: typed requests with ids, one promise per request.
import type { ErrorKind, Request, Response, Scored, Segmented } from "@/lib/inference/protocol";
import { bundleFor, type Backend, type Bundle, type SessionInfo } from "@/lib/contract";
import { REFERENCE_MODE, type Mode } from "@/lib/pipeline/modes";
import type { ClassMap } from "@/lib/eval/score-pair";

export class InferenceError extends Error {
  constructor(
    message: string,
    readonly kind: ErrorKind,
  ) {
    super(message);
    this.name = "InferenceError";
  }
}

type Pending = {
  resolve: (r: Response) => void;
  reject: (e: Error) => void;
  onProgress?: (loaded: number, total: number) => void;
};

type Distribute<T> = T extends unknown ? Omit<T, "id"> : never;

export interface Loaded {
  info: SessionInfo;
  cached: boolean;
  ms: number;
}

class InferenceClient {
  private worker?: Worker;
  /** Why the last worker died, until a new one is started: requests in between fail with it. */
  private crash?: string;
  private flavour?: string;
  private nextId = 1;
  private pending = new Map<number, Pending>();

  /** The worker for a thread count and ort build; both are fixed once ort has loaded, so a change means a new worker. */
  private spawn(threads: number, bundle: Bundle): Worker {
    const flavour = `${threads}|${bundle}`;
    if (this.worker && this.flavour === flavour) return this.worker;
    this.terminate("the worker was restarted");
    this.crash = undefined;
    const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: "inference" });
    worker.onmessage = (event: MessageEvent<Response>) => {
      const msg = event.data;
      const p = this.pending.get(msg.id);
      if (!p) return;
      if (msg.type === "progress") return p.onProgress?.(msg.loaded, msg.total);
      this.pending.delete(msg.id);
      if (msg.type === "error") p.reject(new InferenceError(msg.message, msg.kind));
      else p.resolve(msg);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      // A worker already replaced (e.g. aborted while loading) must not take its successor down.
      if (this.worker !== worker) return;
      this.terminate(
        (this.crash = `the inference worker crashed (${event.message || "unknown error"}); it will restart on the next request`),
      );
    };
    this.worker = worker;
    this.flavour = flavour;
    return worker;
  }

  /** Stops the worker and fails whatever it was doing. */
  terminate(reason = "the worker was stopped") {
    this.worker?.terminate();
    this.worker = undefined;
    for (const p of this.pending.values()) p.reject(new InferenceError(reason, "runtime"));
    this.pending.clear();
  }

  private send<T extends Response>(
    request: Distribute<Request>,
    transfer: Transferable[] = [],
    onProgress?: Pending["onProgress"],
  ): Promise<T> {
    const worker = this.worker;
    if (!worker)
      return Promise.reject(new InferenceError(this.crash ?? "no model is loaded", this.crash ? "runtime" : "model"));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as Pending["resolve"], reject, onProgress });
      worker.postMessage({ ...request, id } as Request, transfer);
    });
  }

  /** Loads (or reuses) a model file of known size into the worker. */
  async load(
    file: { url: string; bytes: number; sha256: string },
    backend: Backend,
    threads: number,
    onProgress?: Pending["onProgress"],
    bundle = bundleFor(backend),
  ): Promise<Loaded> {
    this.spawn(threads, bundle);
    const msg = await this.send<Extract<Response, { type: "loaded" }>>(
      { type: "load", url: file.url, bytes: file.bytes, sha256: file.sha256, backend, threads, bundle },
      [],
      onProgress,
    );
    return { info: msg.info, cached: msg.cached, ms: msg.ms };
  }

  /** Segments an image file in the worker, fitted to the model's input as `mode` says. */
  segment(
    file: Blob,
    name: string,
    inputSize: number,
    maxSide: number,
    mode: Mode = REFERENCE_MODE,
  ): Promise<Segmented> {
    return this.send<Extract<Response, { type: "segmented" }>>({
      type: "segment",
      file,
      name,
      inputSize,
      maxSide,
      mode,
    });
  }

  /** Segments one live frame in the worker; the frame is transferred (closed here) and comes back as `bitmap`. */
  frame(
    frame: ImageBitmap | VideoFrame,
    mirror: boolean,
    inputSize: number,
    mode: Mode = REFERENCE_MODE,
  ): Promise<Segmented> {
    return this.send<Extract<Response, { type: "segmented" }>>({ type: "frame", frame, mirror, inputSize, mode }, [
      frame,
    ]);
  }

  score(pairId: string, image: Blob, mask: Blob, inputSize: number, classMap?: ClassMap): Promise<Scored> {
    return this.send<Extract<Response, { type: "scored" }>>({
      type: "score",
      pairId,
      image,
      mask,
      inputSize,
      classMap,
    });
  }
}

/** One worker for the whole app, shared by every page. */
export const inference = new InferenceClient();
