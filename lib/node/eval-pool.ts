import { Worker } from "node:worker_threads";
import type { PairFiles, PairScore } from "@/lib/pipeline/score-pair";
import type { ClassMap } from "@/lib/metrics/class-map";
import type { Timings } from "@/lib/pipeline/segment";
import type { Mode } from "@/lib/pipeline/modes";
import type { NodeRuntime } from "@/lib/node/ort";

/** What each worker thread opens: one session over the model file. */
export interface PoolSetup {
  /** The model file's path, or its bytes (a user's own model, converted in memory). */
  model: string | Uint8Array;
  threads: number;
  runtime: NodeRuntime;
  inputSize: number;
  mode?: Mode;
  /** A user's own model: its classes mapped onto VOC's (lib/own-model). */
  classMap?: ClassMap;
  /** Send the predicted labels back (for --save-masks). */
  keepLabels: boolean;
}

export interface PoolJob {
  job: number;
  id: string;
  image: ArrayBuffer;
  mask: ArrayBuffer;
}

export type PoolReply =
  | {
      job: number;
      id: string;
      width: number;
      height: number;
      counts: Float64Array;
      labels?: Uint8Array;
      timings: Timings;
    }
  | { job: number; error: string };

/** A worker thread died or its session failed: not the input's fault. */
export class PoolFailure extends Error {}

export interface ScorerPool {
  /** Queues a pair; it is read and sent when a worker is free. Rejects with the input's message, or a PoolFailure. */
  score(read: () => Promise<PairFiles>): Promise<PairScore>;
  close(): Promise<void>;
}

type Pending = { read: () => Promise<PairFiles>; resolve: (s: PairScore) => void; reject: (e: Error) => void };

const WORKER_URL = new URL("./eval-worker-entry.mjs", import.meta.url);

/** N worker threads, each with its own onnxruntime session, taking the next queued pair as soon as it is free. */
export async function openScorerPool(setup: PoolSetup, size: number): Promise<ScorerPool> {
  const queue: Pending[] = [];
  const busy = new Map<Worker, { job: number; pending: Pending }>();
  const idle: Worker[] = [];
  let failure: PoolFailure | undefined;
  let jobs = 0;

  const fail = (error: PoolFailure) => {
    failure ??= error;
    for (const { pending } of busy.values()) pending.reject(failure);
    for (const pending of queue.splice(0)) pending.reject(failure);
    busy.clear();
  };

  const dispatch = () => {
    while (idle.length && queue.length && !failure) {
      const worker = idle.pop()!;
      const pending = queue.shift()!;
      const job = jobs++;
      busy.set(worker, { job, pending });
      pending.read().then(
        async (pair) => {
          const [image, mask] = await Promise.all([pair.image.arrayBuffer(), pair.mask.arrayBuffer()]);
          const message: PoolJob = { job, id: pair.id, image, mask };
          worker.postMessage(message, [image, mask]);
        },
        (error: Error) => {
          busy.delete(worker);
          idle.push(worker);
          pending.reject(error);
          dispatch();
        },
      );
    }
  };

  const start = () =>
    new Promise<Worker>((resolve, reject) => {
      const worker = new Worker(WORKER_URL, { workerData: setup });
      worker.once("message", (m: { ready: boolean; error?: string }) => {
        if (!m.ready) return reject(new Error(m.error));
        worker.on("message", (reply: PoolReply) => {
          const current = busy.get(worker);
          if (!current || current.job !== reply.job) return;
          busy.delete(worker);
          idle.push(worker);
          if ("error" in reply) current.pending.reject(new Error(reply.error));
          else current.pending.resolve({ ...reply, labels: reply.labels ?? new Uint8Array(0) });
          dispatch();
        });
        resolve(worker);
      });
      worker.on("error", (error) => {
        reject(error);
        fail(new PoolFailure(`an eval worker thread failed: ${error.message}`));
      });
      worker.on("exit", (code) => {
        if (busy.has(worker)) fail(new PoolFailure(`an eval worker thread exited (code ${code}) mid-pair`));
      });
    });

  const started = await Promise.allSettled(Array.from({ length: size }, start));
  const workers = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const refused = started.find((s) => s.status === "rejected");
  if (refused) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw (refused as PromiseRejectedResult).reason;
  }
  idle.push(...workers);

  return {
    score(read) {
      return new Promise<PairScore>((resolve, reject) => {
        if (failure) return reject(failure);
        queue.push({ read, resolve, reject });
        dispatch();
      });
    },
    async close() {
      await Promise.all(
        workers.map(
          (worker) =>
            new Promise<void>((resolve) => {
              worker.once("exit", () => resolve());
              worker.postMessage("close");
            }),
        ),
      );
    },
  };
}

/**
 * Queues every pair at once, so that all workers stay busy while the caller awaits the results in order.
 * Each promise is marked handled here: the caller sees its rejection when it awaits it.
 */
export function queueAll<P>(pool: ScorerPool, pairs: readonly P[], read: (pair: P) => Promise<PairFiles>) {
  const queued = new Map(pairs.map((pair) => [pair, pool.score(() => read(pair))]));
  for (const promise of queued.values()) promise.catch(() => {});
  return queued;
}
