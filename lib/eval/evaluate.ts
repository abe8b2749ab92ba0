import { Evaluation, type ImageResult } from "@/lib/metrics/evaluation";

export const MISSING_PAIR = "listed in val.txt but its image or mask is missing";

export type RunStatus = "complete" | "cancelled" | "failed";

/** What one step of a run did: a pair scored, or skipped with the reason. */
export type PairEvent = { index: number; id: string } & ({ scored: ImageResult } | { skipped: string });

export interface RunOptions<P> {
  /** Ids that could not be paired (listed in val.txt without image or mask): skipped up front. */
  missing?: string[];
  /** Called after each pair, in order. */
  onPair?: (event: PairEvent, pair: P) => void;
  /** Checked before each pair; true stops the run as cancelled. */
  cancelled?: () => boolean;
  /**
   * Called when scoring a pair failed for another reason than its input (the runtime crashed…).
   * Resolve to carry on; reject to stop the run as failed, with that error's message.
   */
  recover?: (error: unknown) => Promise<void>;
  /** Tells bad input (skip and go on) from a failure of the scorer itself. Everything counts as input by default. */
  isInputError?: (error: unknown) => boolean;
  /** The classes that count, where the model shares only some with the set (lib/custom/voc-names.ts). */
  scored?: readonly number[];
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

/** Scores pairs one after another into one Evaluation: the loop of the CLI and of the evaluation page. */
export async function evaluatePairs<P extends { id: string }>(
  pairs: readonly P[],
  score: (pair: P) => Promise<Scored>,
  options: RunOptions<P> = {},
): Promise<RunResult> {
  const evaluation = new Evaluation(options.scored);
  for (const id of options.missing ?? []) evaluation.skip(id, MISSING_PAIR);
  const started = performance.now();
  let status: RunStatus = "complete";
  let failure: string | undefined;
  let processed = 0;
  for (const [index, pair] of pairs.entries()) {
    if (options.cancelled?.()) {
      status = "cancelled";
      break;
    }
    let event: PairEvent;
    try {
      const s = await score(pair);
      event = { index, id: pair.id, scored: evaluation.addCounts(pair.id, s.width, s.height, s.counts, s.timings) };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      evaluation.skip(pair.id, reason);
      event = { index, id: pair.id, skipped: reason };
      if (options.recover && !(options.isInputError?.(error) ?? true)) {
        failure = await options.recover(error).then(
          () => undefined,
          (stop: unknown) => (stop instanceof Error ? stop.message : String(stop)),
        );
      }
    }
    processed++;
    options.onPair?.(event, pair);
    if (failure !== undefined) {
      status = "failed";
      break;
    }
  }
  return { evaluation, status, processed, failure, seconds: (performance.now() - started) / 1000 };
}
