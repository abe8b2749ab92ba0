/** The three stages of a run on many images: inference is the one that must run one item at a time. */
export interface Stages<T, A, B, R> {
  /** Decode and preprocess. */
  prepare(item: T): Promise<A>;
  infer(prepared: A): Promise<B>;
  /** Postprocess (and score). */
  finish(prepared: A, inferred: B): R | Promise<R>;
  /** Releases a prepared item that will not be inferred (the run stopped). */
  drop?(prepared: A): void;
}

export type Outcome<T, R> = { item: T } & ({ result: R } | { error: unknown });

type Step<T, A> = { item: T } & ({ prepared: A } | { error: unknown });

/**
 * Runs items through prepare → infer → finish so that preparing item n+1 and finishing item n−1 overlap the
 * inference of item n. Items are inferred one at a time and reported in order, each with its result or error.
 * `next` is asked for an item whenever the prepare stage is free; it ends the run by giving undefined.
 * `stop` is checked before each inference; after a failed inference the run waits for its report (which may
 * restart the runtime, or decide to stop) before inferring the next item.
 */
export async function overlap<T, A, B, R>(
  next: () => T | undefined | Promise<T | undefined>,
  stages: Stages<T, A, B, R>,
  report: (outcome: Outcome<T, R>) => void | Promise<void>,
  stop: () => boolean = () => false,
): Promise<void> {
  const start = async (): Promise<Step<T, A> | undefined> => {
    const item = await next();
    if (item === undefined) return undefined;
    try {
      return { item, prepared: await stages.prepare(item) };
    } catch (error) {
      return { item, error };
    }
  };
  let reported: Promise<void> = Promise.resolve();
  const then = (outcome: Promise<Outcome<T, R>> | Outcome<T, R>) => {
    reported = reported.then(async () => report(await outcome));
  };
  let ahead = start();
  for (;;) {
    const step = await ahead;
    if (!step) break;
    if (!("prepared" in step)) {
      then(step);
      ahead = start();
      continue;
    }
    if (stop()) {
      stages.drop?.(step.prepared);
      break;
    }
    ahead = start();
    const { item, prepared } = step;
    let inferred: B;
    try {
      inferred = await stages.infer(prepared);
    } catch (error) {
      stages.drop?.(prepared);
      then({ item, error });
      await reported;
      continue;
    }
    then(
      Promise.resolve()
        .then(() => stages.finish(prepared, inferred))
        .then(
          (result) => ({ item, result }),
          (error: unknown) => ({ item, error }),
        ),
    );
  }
  await reported;
}
