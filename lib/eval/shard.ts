/** One of n equal slices of a set: shard k of n holds the items whose index is k modulo n. */
export interface Shard {
  index: number;
  count: number;
}

/** Parses "k/n" (0 ≤ k < n); throws a message for the user otherwise. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || !(count >= 1) || !(index < count))
    throw new Error(`--shard must be k/n with 0 ≤ k < n (for example 0/4), got "${text}"`);
  return { index, count };
}

export function inShard<T>(items: readonly T[], shard: Shard | undefined): T[] {
  return shard ? items.filter((_, i) => i % shard.count === shard.index) : [...items];
}
