// The engine as one object: model loading and the run lock, single images, live frames, evaluations on one or
// several lanes, and the lifetime of every result. It knows nothing of React, stores or the page.
import type { Backend, Bundle, SessionInfo } from "@/lib/contract";
import { evaluatePairs, type RunOptions, type RunResult } from "@/lib/eval/evaluate";
import type { ClassMap } from "@/lib/metrics/class-map";
import { lanesFor } from "@/lib/inference/capabilities";
import type { FrameDone, Inferred, PairDone, Segmented } from "@/lib/inference/protocol";
import type { Captured } from "@/lib/live/frames";
import { LiveLoop, StaleFrame, type LiveStats } from "@/lib/live/loop";
import type { ModelInfo } from "@/lib/models/manifest";
import { REFERENCE_MODE, type Mode } from "@/lib/pipeline/modes";
import type { Stages } from "@/lib/pipeline/overlap";
import { classHistogram } from "@/lib/pipeline/postprocess";
import { VOC_CLASSES } from "@/lib/voc/classes";
import type { Host, Lane, Loaded, ModelSource, Ticket } from "@/lib/segmenter/host";

export interface SegmenterOptions {
  model?: ModelInfo;
  backend: Backend;
  threads: number;
  /** An ort build other than the backend's own (benchmarks). */
  bundle?: Bundle;
  mode: Mode;
}

/** What a load is doing, for a progress display. */
export type LoadStatus =
  | { status: "loading"; progress?: { loaded: number; total: number } }
  | { status: "ready"; loaded: Loaded & { modelId: string } }
  | { status: "error"; message: string };

export interface SegmenterEvents {
  status?(status: LoadStatus): void;
  /** Each run's session info: WebGPU may fall back to WASM after the load. */
  session?(info: SessionInfo): void;
}

/** A class map and what it came from. Valid until close(), which frees its picture; the owner closes it. */
export interface SegmentResult extends Segmented {
  model: ModelInfo;
  mode: Mode;
  backend: Backend;
  /** Pixels per class, one entry per class of the model. */
  counts: Float64Array;
  readonly closed: boolean;
  close(): void;
}

export type LiveResult = FrameDone & Omit<SegmentResult, keyof Segmented | "backend"> & { info: SessionInfo };

export interface LiveHandlers {
  /** Shows a frame's result; false when it was not shown after all (the result is then closed here). */
  show(result: LiveResult, frame: Captured): boolean;
  stats(stats: LiveStats): void;
  error(error: unknown): void;
  /** Whether the next frame is mirrored, read for each frame. */
  mirror(): boolean;
}

/** A live run: frames go in through offer(), results come out through the handlers. */
export interface LiveHandle {
  offer(captured: Captured): void;
  /** Takes no more frames; frames in flight finish but are not shown. */
  stop(): void;
  readonly running: boolean;
  /** Every mask drawn, with `record`. */
  readonly drawn?: { at: number; latency: number }[];
}

export interface EvaluateOptions<P> extends Omit<RunOptions<P>, "lanes" | "recover" | "isInputError"> {
  /** The pair's image and mask. */
  files(pair: P): Promise<[Blob, Blob]>;
  /** Where the model's classes are scored as others' (an own model scored on VOC). */
  classMap?: ClassMap;
  /** Called once the model is loaded in every lane, before the first pair. */
  onLoaded?(model: ModelInfo): void;
}

export interface Evaluated {
  run: RunResult;
  model: ModelInfo;
  info?: SessionInfo;
  /** Sessions that ran side by side. */
  lanes: number;
}

/** Thrown where a load failed, with the message to show. */
export class LoadError extends Error {}

export const CLOSED = "the segmenter is closed";

/** The class names of a model: its own, else VOC's. */
export const labelsOf = (model: ModelInfo): readonly string[] => model.labels ?? VOC_CLASSES.slice(0, model.classes);

export class Segmenter {
  private lock: Promise<unknown> = Promise.resolve();
  private version = 0;
  private own: Lane[] = [];
  /** The lanes loading now, so that a cancel can stop them. */
  private loading?: Lane[];
  /** What the shared lane holds, as loaded through this object (every load is). */
  private sharedKey?: string;
  private pending?: { key: string; promise: Promise<void> };
  private lives = new Set<LiveHandle>();
  private isClosed = false;

  constructor(
    private readonly host: Host,
    private readonly locate: (model: ModelInfo) => ModelSource,
    private current: SegmenterOptions,
    private readonly events: SegmenterEvents = {},
  ) {}

  get options(): Readonly<SegmenterOptions> {
    return this.current;
  }

  /** Changes what later runs use. A live frame prepared before a change is never shown. */
  setOptions(options: Partial<SegmenterOptions>) {
    const next = { ...this.current, ...options };
    if (optionsKey(next) !== optionsKey(this.current)) this.version++;
    this.current = next;
  }

  /** The class names of the model in use. */
  get labels(): readonly string[] {
    return labelsOf(this.requireModel());
  }

  /** Loads the model in use, or another, and resolves once it is ready; under the run lock. */
  load(model = this.current.model, backend = this.current.backend): Promise<ModelInfo> {
    try {
      const chosen = this.requireModel(model);
      const loading =
        this.pendingLoad(chosen, backend) ??
        this.track(
          this.loadKey(chosen, backend, 1),
          this.exclusive(() => this.loadInto([this.host.shared], chosen, backend)),
        );
      return loading.then(() => chosen);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Segments an image file with the model in use, or the one given; by default at the image's own resolution,
   * however large. The caller owns the result and closes it.
   */
  async segment(
    file: Blob,
    {
      name = "image",
      model = this.current.model,
      backend = this.current.backend,
      mode = this.current.mode,
      maxSide = Infinity,
    } = {},
  ): Promise<SegmentResult> {
    await this.pendingLoad(this.requireModel(model), backend);
    return this.exclusive(async () => {
      const chosen = this.requireModel(model);
      const lane = this.host.shared;
      const run = async (reuse: boolean) => {
        await this.loadInto([lane], chosen, backend, reuse);
        return lane.segment(file, name, chosen.inputSize, maxSide, mode);
      };
      const reused = this.sharedKey === this.loadKey(chosen, backend, 1);
      // Without a load first, a worker that died since would fail the run: then load (which restarts it) and retry.
      const out = await run(true).catch((error: unknown) => {
        if (!reused || isInputError(error)) throw error;
        this.sharedKey = undefined;
        return run(false);
      });
      this.events.session?.(out.info);
      return result(out, chosen, mode, backend);
    });
  }

  /** Segments frames as they are offered, the newest first: a frame never waits behind an older one. */
  live(handlers: LiveHandlers, record = false): LiveHandle {
    const stages = this.host.stages;
    const versions = new WeakMap<LiveResult, number>();
    type LiveTicket = Ticket & { version: number; model: ModelInfo; mode: Mode };
    const frameStages: Stages<Captured, LiveTicket, Inferred, LiveResult> = {
      prepare: async ({ frame }) => {
        const { model, mode } = this.current;
        if (!model) {
          frame.close();
          throw new Error("no model is selected");
        }
        const version = this.version;
        const ticket = await stages.frame(frame, handlers.mirror(), model.inputSize, mode);
        return { ...ticket, version, model, mode };
      },
      infer: (ticket) =>
        this.exclusive(async () => {
          // A frame prepared for another model or mode is dropped, never shown with the wrong mask.
          if (ticket.version !== this.version) throw new StaleFrame();
          await this.loadInto([this.host.shared], ticket.model, this.current.backend, true).catch((error: Error) => {
            throw new LoadError(`The model could not be loaded: ${error.message}`);
          });
          const inferred = await this.host.shared.infer(ticket.inputs);
          this.events.session?.(inferred.info);
          return inferred;
        }),
      finish: async (ticket, inferred) => {
        const done = await stages.finish<FrameDone>(ticket, inferred);
        const counts = classHistogram(done.labels, ticket.model.classes);
        const out = Object.assign(
          closing(done, () => done.bitmap.close()),
          {
            model: ticket.model,
            mode: ticket.mode,
            info: inferred.info,
            counts,
          },
        );
        versions.set(out, ticket.version);
        return out;
      },
      drop: (ticket) => stages.drop(ticket),
    };
    const loop = new LiveLoop(
      frameStages,
      {
        show: (out, frame) => {
          if (!loop.running || this.isClosed || versions.get(out) !== this.version) {
            out.close();
            return false;
          }
          const shown = handlers.show(out, frame);
          if (!shown) out.close();
          return shown;
        },
        discard: (out) => out.close(),
        stats: handlers.stats,
        error: handlers.error,
      },
      record,
    );
    const handle: LiveHandle = {
      offer: (captured) => (this.isClosed ? captured.frame.close() : loop.offer(captured)),
      stop: () => {
        loop.stop();
        this.lives.delete(handle);
      },
      get running() {
        return loop.running;
      },
      get drawn() {
        return loop.drawn;
      },
    };
    this.lives.add(handle);
    return handle;
  }

  /**
   * Scores pairs with the model in use, on as many lanes as the backend and threads call for (lanesFor): one
   * session per lane, the shared one for a single lane. Under the run lock.
   */
  evaluate<P extends { id: string }>(pairs: readonly P[], options: EvaluateOptions<P>): Promise<Evaluated> {
    return this.exclusive(async () => {
      const model = this.requireModel();
      const { backend, threads } = this.current;
      const lanes = this.lanes(lanesFor(backend, threads));
      await this.loadInto(lanes, model, backend);
      options.onLoaded?.(model);
      let info: SessionInfo | undefined;
      const { stages } = this.host;
      const pairStages: Stages<P, Ticket, Inferred, PairDone> = {
        prepare: async (pair) => {
          const [image, mask] = await options.files(pair);
          return stages.pair(pair.id, image, mask, model.inputSize, REFERENCE_MODE, options.classMap);
        },
        infer: async (ticket, lane) => {
          const inferred = await lanes[lane].infer(ticket.inputs);
          info = inferred.info;
          this.events.session?.(info);
          return inferred;
        },
        finish: (ticket, inferred) => stages.finish<PairDone>(ticket, inferred),
        drop: (ticket) => stages.drop(ticket),
      };
      const run = await evaluatePairs(pairs, pairStages, {
        ...options,
        lanes: lanes.length,
        isInputError,
        // The worker may have crashed or lost its model: load it again, or stop here.
        recover: () =>
          this.loadInto(lanes, model, backend).then(
            () => undefined,
            (reload: Error) => Promise.reject(new Error(`The run stopped: ${reload.message}`)),
          ),
      });
      return { run, model, info, lanes: lanes.length };
    });
  }

  /** Stops a load under way (its caller gets an error); a run that follows loads again. */
  cancelLoad(reason: string) {
    for (const lane of this.loading ?? []) lane.terminate(reason);
    if (this.loading?.includes(this.host.shared)) this.sharedKey = undefined;
  }

  /** Ends the lanes of the last run on several lanes (each holds a session). */
  releaseLanes() {
    for (const lane of this.own.splice(0)) lane.terminate();
  }

  /** Stops every live run and ends the lanes; later calls fail. */
  close() {
    this.isClosed = true;
    for (const live of [...this.lives]) live.stop();
    this.releaseLanes();
  }

  private requireModel(model = this.current.model): ModelInfo {
    if (this.isClosed) throw new Error(CLOSED);
    if (!model) throw new Error("No model is selected: the model list is not loaded yet.");
    return model;
  }

  /** Runs `work` after every earlier piece of work, so a load of one model never interleaves with a run of another. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.lock.then(work, work);
    this.lock = next.catch(() => {});
    return next;
  }

  /** The shared lane for one; else lanes of their own, kept from one run to the next. */
  private lanes(count: number): Lane[] {
    const keep = count > 1 ? count : 0;
    while (this.own.length < keep) this.own.push(this.host.lane());
    for (const spare of this.own.splice(keep)) spare.terminate();
    return count > 1 ? [...this.own] : [this.host.shared];
  }

  /**
   * Loads a model in each lane, sharing the threads out between them. A lane that holds it already answers at
   * once; with `reuse` (live frames) the shared lane is not even asked when this object loaded it last.
   */
  private loadKey(model: ModelInfo, backend: Backend, lanes: number): string {
    const threads = Math.max(1, Math.floor(this.current.threads / lanes));
    return JSON.stringify([model.id, backend, threads, this.current.bundle]);
  }

  /**
   * The load of this model into the shared lane that is under way, if any. A caller that needs it waits for it
   * outside the lock and shares its outcome: a load that failed (a stalled download, say) is not at once tried again.
   */
  private pendingLoad(model: ModelInfo, backend: Backend): Promise<void> | undefined {
    return this.pending?.key === this.loadKey(model, backend, 1) ? this.pending.promise : undefined;
  }

  private loadInto(lanes: Lane[], model: ModelInfo, backend: Backend, reuse = false): Promise<void> {
    const key = this.loadKey(model, backend, lanes.length);
    const shared = lanes.includes(this.host.shared);
    if (reuse && shared && this.sharedKey === key) return Promise.resolve();
    const promise = this.loadNow(lanes, model, backend, key);
    return shared ? this.track(key, promise) : promise;
  }

  /** Marks `promise` as the shared lane's load of `key` until it settles. */
  private track(key: string, promise: Promise<void>): Promise<void> {
    this.pending = { key, promise };
    const done = () => {
      if (this.pending?.promise === promise) this.pending = undefined;
    };
    promise.then(done, done);
    return promise;
  }

  private async loadNow(lanes: Lane[], model: ModelInfo, backend: Backend, key: string): Promise<void> {
    const threads = Math.max(1, Math.floor(this.current.threads / lanes.length));
    const { bundle } = this.current;
    const file = this.locate(model);
    const shared = lanes.includes(this.host.shared);
    this.loading = lanes;
    this.events.status?.({ status: "loading" });
    try {
      const onProgress = (loaded: number, total: number) =>
        this.events.status?.({ status: "loading", progress: { loaded, total } });
      // The first lane downloads the file into the cache; the others then read it from there.
      const loaded = await lanes[0].load(file, backend, threads, onProgress, bundle);
      await Promise.all(lanes.slice(1).map((lane) => lane.load(file, backend, threads, undefined, bundle)));
      if (shared) this.sharedKey = key;
      this.events.status?.({ status: "ready", loaded: { ...loaded, modelId: model.id } });
    } catch (error) {
      if (shared) this.sharedKey = undefined;
      this.events.status?.({ status: "error", message: (error as Error).message });
      throw error;
    } finally {
      if (this.loading === lanes) this.loading = undefined;
    }
  }
}

/** A failure of the input (a file that is not an image, say), not of the runtime: the worker tags it "input". */
const isInputError = (error: unknown) => (error as { kind?: string } | undefined)?.kind === "input";

const optionsKey = (o: SegmenterOptions) =>
  JSON.stringify([o.model?.id, o.model?.sha256, o.backend, o.threads, o.bundle, o.mode]);

/** `target` with closed and close(): close() runs `free` once. */
function closing<T extends object>(target: T, free: () => void): T & { readonly closed: boolean; close(): void } {
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    free();
  };
  return Object.defineProperties(target, {
    closed: { get: () => closed, enumerable: true },
    close: { value: close, enumerable: true },
  }) as T & { readonly closed: boolean; close(): void };
}

function result(out: Segmented, model: ModelInfo, mode: Mode, backend: Backend): SegmentResult {
  const counts = classHistogram(out.labels, model.classes);
  return Object.assign(
    closing(out, () => out.bitmap.close()),
    { model, mode, backend, counts },
  );
}
