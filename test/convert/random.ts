// Seeded random numbers for tests, importable outside vitest.
/** A seeded generator, so failures reproduce. */
export function random(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    /** float32-representable values in [lo, hi). */
    floats: (n: number, lo: number, hi: number) =>
      Array.from({ length: n }, () => Math.fround(lo + (hi - lo) * next())),
    ints: (n: number, lo: number, hi: number) =>
      Array.from({ length: n }, () => lo + Math.floor((hi - lo + 1) * next())),
  };
}
