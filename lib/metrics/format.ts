/** Display helpers for metrics and run progress. */

/** A percentage with fixed decimals, or "–" where the value is undefined (NaN/null). */
export function formatPct(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined || Number.isNaN(value) ? "–" : `${value.toFixed(digits)}%`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "–";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Images per second so far and the seconds left at that pace (NaN until one image is done). */
export function throughput(done: number, total: number, elapsedMs: number): { perSecond: number; secondsLeft: number } {
  if (done <= 0 || elapsedMs <= 0) return { perSecond: NaN, secondsLeft: NaN };
  const perSecond = done / (elapsedMs / 1000);
  return { perSecond, secondsLeft: (total - done) / perSecond };
}

/** Each row divided by its sum (rows with no pixels stay 0): row = ground truth. */
export function rowShares(confusion: number[][]): number[][] {
  return confusion.map((row) => {
    const sum = row.reduce((a, b) => a + b, 0);
    return row.map((v) => (sum ? v / sum : 0));
  });
}
