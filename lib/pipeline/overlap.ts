/** The three stages of a run on many images: inference is the one each lane runs one item at a time. */
export interface Stages<T, A, B, R> {
  /** Decode and preprocess. */
  prepare(item: T): Promise<A>;
  /** Infers on `lane` (0 … lanes − 1), which has no other item in flight. */
  infer(prepared: A, lane: number): Promise<B>;
  /** Postprocess (and score). */
  finish(prepared: A, inferred: B): R | Promise<R>;
  /** Releases a prepared item that will not be inferred (the run stopped). */
  drop?(prepared: A): void;
}

export type Outcome<T, R> = { item: T } & ({ result: R } | { error: unknown });

type Step<T, A> = { item: T } & ({ prepared: A } | { error: unknown });
type Taken<T, A, R> = {
  item: T;
  prepared: A;
  /** Starts preparing the next item: called once this one is on its way to inference. */
  kick: () => void;
  settle: (outcome: Outcome<T, R> | Promise<Outcome<T, R>>) => void;
};

/**
 * Runs items through prepare → infer → finish so that preparing item n+1 and finishing item n−1 overlap the
 * inference of item n. Each of `lanes` inferences runs one item at a time; items are prepared one at a time, one
 * ahead of the lanes, and reported in the order they were taken, each with its result or error.
 * `next` is asked for an item whenever the prepare stage is free; it ends the run by giving undefined.
 * `stop` is checked before each inference; after a failed inference its lane waits for its report (which may
 * restart the runtime, or decide to stop) before inferring the next item.
 */
export async function overlap<T, A, B, R>(
  next: () => T | undefined | Promise<T | undefined>,
  stages: Stages<T, A, B, R>,
  report: (outcome: Outcome<T, R>) => void | Promise<void>,
  stop: () => boolean = () => false,
  lanes = 1,
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
  const ended = Promise.resolve(undefined);
  // One lane at a time takes the prepared item, so each item is inferred once and reported in the order taken.
  let turn: Promise<unknown> = Promise.resolve();
  const take = (): Promise<Taken<T, A, R> | undefined> => {
    const taking = turn.then(async () => {
      for (;;) {
        const step = await ahead;
        if (!step) return undefined;
        if (!("prepared" in step)) {
          then(step);
          ahead = start();
          continue;
        }
        if (stop()) {
          stages.drop?.(step.prepared);
          ahead = ended;
          return undefined;
        }
        let kick!: () => void;
        ahead = new Promise<void>((resolve) => (kick = resolve)).then(start);
        let settle!: Taken<T, A, R>["settle"];
        then(new Promise<Outcome<T, R>>((resolve) => (settle = resolve)));
        return { item: step.item, prepared: step.prepared, kick, settle };
      }
    });
    turn = taking;
    return taking;
  };
  const lane = async (index: number) => {
    for (let taken = await take(); taken; taken = await take()) {
      const { item, prepared, kick, settle } = taken;
      let inferred: B;
      try {
        const inferring = stages.infer(prepared, index);
        kick();
        inferred = await inferring;
      } catch (error) {
        kick();
        stages.drop?.(prepared);
        settle({ item, error });
        await reported;
        continue;
      }
      settle(
        Promise.resolve()
          .then(() => stages.finish(prepared, inferred))
          .then(
            (result) => ({ item, result }),
            (error: unknown) => ({ item, error }),
          ),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, lanes) }, (_, index) => lane(index)));
  await reported;
}
