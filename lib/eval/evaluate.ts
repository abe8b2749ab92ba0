import { Evaluation, type ImageResult } from "@/lib/metrics/evaluation";
import { overlap, type Outcome, type Stages } from "@/lib/pipeline/overlap";

export const MISSING_PAIR = "listed in val.txt but its image or mask is missing";

export type RunStatus = "complete" | "cancelled" | "failed";

/** What one step of a run did: a pair scored, or skipped with the reason. */
export type PairEvent = { index: number; id: string } & ({ scored: ImageResult } | { skipped: string });

export interface RunOptions<P> {
  /** Ids that could not be paired (listed in val.txt without image or mask): skipped up front. */
  missing?: string[];
  /** Called after each pair, in order. */
  onPair?: (event: PairEvent, pair: P) => void;
  /** Checked before each pair is taken and before each inference; true stops the run as cancelled. */
  cancelled?: () => boolean;
  /**
   * Called when scoring a pair failed for another reason than its input (the runtime crashed…).
   * Resolve to carry on; reject to stop the run as failed, with that error's message.
   */
  recover?: (error: unknown) => Promise<void>;
  /** Tells bad input (skip and go on) from a failure of the scorer itself. Everything counts as input by default. */
  isInputError?: (error: unknown) => boolean;
  /** The classes that count, where the model shares only some with the set (lib/metrics/voc-sharing.ts). */
  scored?: readonly number[];
  /** Inferences in flight at once, each on its own lane (a session of its own); 1 by default. */
  lanes?: number;
}

export interface RunResult {
  evaluation: Evaluation;
  status: RunStatus;
  /** Pairs scored or skipped, not counting the missing ones. */
  processed: number;
  failure?: string;
  seconds: number;
}

type Scored = Pick<ImageResult, "width" | "height" | "timings"> & { counts: Float64Array };

/** How a pair is scored, in the three stages that overlap from one pair to the next (lib/pipeline/overlap). */
export type PairStages<P, A, B> = Stages<P, A, B, Scored>;

/** Stages for a scorer that does a whole pair at once (a pool of workers, for one). */
export const wholePairs = <P>(score: (pair: P) => Promise<Scored>): PairStages<P, P, Scored> => ({
  prepare: async (pair) => pair,
  infer: score,
  finish: (_, scored) => scored,
});

/**
 * Scores pairs into one Evaluation: the loop of the CLI and of the evaluation page. Decoding and preprocessing the
 * next pair, and finishing the previous one, overlap each pair's inference; pairs are counted in order.
 */
export async function evaluatePairs<P extends { id: string }, A, B>(
  pairs: readonly P[],
  stages: PairStages<P, A, B>,
  options: RunOptions<P> = {},
): Promise<RunResult> {
  const evaluation = new Evaluation(options.scored);
  for (const id of options.missing ?? []) evaluation.skip(id, MISSING_PAIR);
  const started = performance.now();
  let failure: string | undefined;
  let processed = 0;
  let taken = 0;
  const next = () => {
    if (failure !== undefined || taken >= pairs.length) return undefined;
    return options.cancelled?.() ? undefined : pairs[taken++];
  };
  const report = async (outcome: Outcome<P, Scored>) => {
    const pair = outcome.item;
    const index = processed;
    let event: PairEvent;
    if ("result" in outcome) {
      const s = outcome.result;
      event = { index, id: pair.id, scored: evaluation.addCounts(pair.id, s.width, s.height, s.counts, s.timings) };
    } else {
      const { error } = outcome;
      const reason = error instanceof Error ? error.message : String(error);
      evaluation.skip(pair.id, reason);
      event = { index, id: pair.id, skipped: reason };
      if (failure === undefined && options.recover && !(options.isInputError?.(error) ?? true)) {
        failure = await options.recover(error).then(
          () => undefined,
          (stop: unknown) => (stop instanceof Error ? stop.message : String(stop)),
        );
      }
    }
    processed++;
    options.onPair?.(event, pair);
  };
  const stop = () => failure !== undefined || !!options.cancelled?.();
  await overlap(next, stages, report, stop, options.lanes);
  const status: RunStatus = failure !== undefined ? "failed" : processed < pairs.length ? "cancelled" : "complete";
  return { evaluation, status, processed, failure, seconds: (performance.now() - started) / 1000 };
}
