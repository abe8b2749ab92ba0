// The page's handle on the inference worker: typed requests with ids, one promise per request.
import type { Inferred, Request, Response, Segmented } from "@/lib/inference/protocol";
import { WorkerRpc } from "@/lib/inference/rpc";
import { bundleFor, type Backend, type Bundle, type SessionInfo } from "@/lib/contract";
import { REFERENCE_MODE, type Mode } from "@/lib/pipeline/modes";
import type { ModelInput } from "@/lib/pipeline/segment";

export { InferenceError } from "@/lib/inference/rpc";

export interface Loaded {
  info: SessionInfo;
  cached: boolean;
  ms: number;
}

export class InferenceClient {
  private rpc = new WorkerRpc<Request, Response>("inference");
  private flavour?: string;
  private loading?: { key: string; promise: Promise<Loaded> };

  /** The worker for a thread count and ort build; both are fixed once ort has loaded, so a change means a new worker. */
  private spawn(threads: number, bundle: Bundle) {
    const flavour = `${threads}|${bundle}`;
    if (this.rpc.attached && this.flavour === flavour) return;
    this.rpc.attach(new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: "inference" }));
    this.flavour = flavour;
  }

  /** Stops the worker and fails whatever it was doing. */
  terminate(reason?: string) {
    this.rpc.terminate(reason);
  }

  /**
   * Loads (or reuses) a model file of known size into the worker. A load asked for while the same one is under
   * way shares its outcome, so a failed download is not at once tried again for the second caller.
   */
  load(
    file: { url: string; bytes: number; sha256: string },
    backend: Backend,
    threads: number,
    onProgress?: (loaded: number, total: number) => void,
    bundle = bundleFor(backend),
  ): Promise<Loaded> {
    const key = `${file.url}|${backend}|${threads}|${bundle}`;
    if (this.loading?.key === key) return this.loading.promise;
    const promise = this.loadNow(file, backend, threads, onProgress, bundle);
    this.loading = { key, promise };
    const done = () => {
      if (this.loading?.promise === promise) this.loading = undefined;
    };
    promise.then(done, done);
    return promise;
  }

  private async loadNow(
    file: { url: string; bytes: number; sha256: string },
    backend: Backend,
    threads: number,
    onProgress: ((loaded: number, total: number) => void) | undefined,
    bundle: Bundle,
  ): Promise<Loaded> {
    this.spawn(threads, bundle);
    const msg = await this.rpc.send<Extract<Response, { type: "loaded" }>>(
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
    return this.rpc.send<Extract<Response, { type: "segmented" }>>({
      type: "segment",
      file,
      name,
      inputSize,
      maxSide,
      mode,
    });
  }

  /** Runs the loaded model on prepared inputs (transferred: they are detached here). */
  infer(inputs: ModelInput[]): Promise<Inferred> {
    return this.rpc.send<Extract<Response, { type: "inferred" }>>(
      { type: "infer", inputs },
      inputs.map((input) => input.data.buffer),
    );
  }
}

/** One worker for the whole app, shared by every page; a run on several lanes has workers of its own (Segmenter.evaluate). */
export const inference = new InferenceClient();
