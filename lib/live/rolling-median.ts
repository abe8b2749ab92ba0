/** The median of the last `size` values added. */
export class RollingMedian {
  private readonly values: number[] = [];

  constructor(private readonly size = 30) {}

  add(value: number): void {
    this.values.push(value);
    if (this.values.length > this.size) this.values.shift();
  }

  get count(): number {
    return this.values.length;
  }

  /** NaN while empty. */
  median(): number {
    const s = [...this.values].sort((a, b) => a - b);
    if (!s.length) return NaN;
    const mid = s.length >> 1;
    return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  }

  /** The value at fraction `q` of the sorted window (nearest rank); NaN while empty. */
  quantile(q: number): number {
    const s = [...this.values].sort((a, b) => a - b);
    if (!s.length) return NaN;
    return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
  }
}

/** Masks drawn per second from the rolling median interval between draws. */
export class RollingRate {
  private last: number | undefined;
  private readonly intervals: RollingMedian;

  constructor(size = 30) {
    this.intervals = new RollingMedian(size);
  }

  tick(now: number): void {
    if (this.last !== undefined) this.intervals.add(now - this.last);
    this.last = now;
  }

  /** Events per second; 0 until two ticks. */
  perSecond(): number {
    const ms = this.intervals.median();
    return Number.isNaN(ms) || ms <= 0 ? 0 : 1000 / ms;
  }

  medianInterval(): number {
    return this.intervals.median();
  }
}
