// Typed requests with ids to a worker, one promise per request; shared by the inference and stage workers' clients.
import { ImageInputError } from "@/lib/image/sniff";
import type { ErrorKind } from "@/lib/inference/protocol";
import { LabelFormatError } from "@/lib/voc/label-png";

export class InferenceError extends Error {
  constructor(
    message: string,
    readonly kind: ErrorKind,
  ) {
    super(message);
    this.name = "InferenceError";
  }
}

type Message = { id: number; type: string };
type Answer = Message & { message?: string; kind?: ErrorKind; loaded?: number; total?: number };
type Pending = {
  resolve: (r: unknown) => void;
  reject: (e: Error) => void;
  onProgress?: (loaded: number, total: number) => void;
};

export type Distribute<T> = T extends unknown ? Omit<T, "id"> : never;

export class WorkerRpc<Req extends Message, Res extends Message> {
  private worker?: Worker;
  /** Why the last worker died, until a new one is attached: requests in between fail with it. */
  private crash?: string;
  private nextId = 1;
  private pending = new Map<number, Pending>();

  constructor(private readonly name: string) {}

  get attached(): boolean {
    return !!this.worker;
  }

  /** Takes over a new worker, stopping the old one. */
  attach(worker: Worker) {
    this.terminate("the worker was restarted");
    this.crash = undefined;
    worker.onmessage = (event: MessageEvent<Answer>) => {
      const msg = event.data;
      const p = this.pending.get(msg.id);
      if (!p) return;
      if (msg.type === "progress") return p.onProgress?.(msg.loaded!, msg.total!);
      this.pending.delete(msg.id);
      if (msg.type === "error") p.reject(new InferenceError(msg.message!, msg.kind!));
      else p.resolve(msg);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      // A worker already replaced (e.g. aborted while loading) must not take its successor down.
      if (this.worker !== worker) return;
      this.terminate(
        (this.crash = `the ${this.name} worker crashed (${event.message || "unknown error"}); it will restart on the next request`),
      );
    };
    this.worker = worker;
  }

  /** Stops the worker and fails whatever it was doing. */
  terminate(reason = "the worker was stopped") {
    this.worker?.terminate();
    this.worker = undefined;
    for (const p of this.pending.values()) p.reject(new InferenceError(reason, "runtime"));
    this.pending.clear();
  }

  send<T extends Res>(
    request: Distribute<Req>,
    transfer: Transferable[] = [],
    onProgress?: Pending["onProgress"],
  ): Promise<T> {
    const worker = this.worker;
    if (!worker)
      return Promise.reject(new InferenceError(this.crash ?? "no model is loaded", this.crash ? "runtime" : "model"));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as Pending["resolve"], reject, onProgress });
      worker.postMessage({ ...request, id }, transfer);
    });
  }
}

/** The buffers of arrays that own theirs whole, for transferring; views of a larger buffer are copied instead. */
export function owned<T extends Float32Array | Uint8Array>(array: T): T {
  return array.byteOffset === 0 && array.byteLength === array.buffer.byteLength ? array : (array.slice() as T);
}

/** How a worker reports an error: bad input (skip it, tell the user), a model problem, or the runtime failing. */
export function errorKind(error: unknown): ErrorKind {
  if (error instanceof ImageInputError || error instanceof LabelFormatError) return "input";
  return (error as { kind?: ErrorKind }).kind ?? "runtime";
}
