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
