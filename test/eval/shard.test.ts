import { describe, expect, test } from "vitest";
import { inShard, parseShard } from "@/lib/eval/shard";

describe("shards", () => {
  test("k/n takes every n-th item from the k-th; the shards partition the set", () => {
    const items = Array.from({ length: 11 }, (_, i) => i);
    const shards = [0, 1, 2].map((k) => inShard(items, parseShard(`${k}/3`)));
    expect(shards).toEqual([
      [0, 3, 6, 9],
      [1, 4, 7, 10],
      [2, 5, 8],
    ]);
    expect(shards.flat().sort((a, b) => a - b)).toEqual(items);
    expect(inShard(items, undefined)).toEqual(items);
  });

  test("bad shards are refused with the expected form", () => {
    for (const bad of ["3/3", "1/0", "-1/2", "1", "a/b", "1/2/3", ""])
      expect(() => parseShard(bad)).toThrow(`--shard must be k/n with 0 ≤ k < n (for example 0/4), got "${bad}"`);
  });
});
