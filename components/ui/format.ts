/** What every formatter prints for a missing value. */
export const NONE = "–";

const known = (value: number | null | undefined): value is number => Number.isFinite(value);

/**
 * A 0–1 fraction as a percentage. The product is cut to 12 significant digits before rounding, so a
 * percentage divided by 100 prints exactly as the percentage itself would.
 */
export const percent = (fraction: number | null | undefined, digits = 2) =>
  known(fraction) ? `${Number((fraction * 100).toPrecision(12)).toFixed(digits)}%` : NONE;

/** A number with fixed decimals and no unit (the unit is in a column heading). */
export const decimal = (value: number | null | undefined, digits = 2) => (known(value) ? value.toFixed(digits) : NONE);

/** A change, with its sign always shown. */
export const signed = (value: number | null | undefined, digits = 2) =>
  known(value) ? `${value >= 0 ? "+" : ""}${value.toFixed(digits)}` : NONE;

export const count = (n: number) => n.toLocaleString("en-US");

export const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;

export const millis = (ms: number | undefined) => (known(ms) ? `${ms.toFixed(1)} ms` : NONE);

export const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export const dims = (width: number, height: number) => `${width}×${height}`;

export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return NONE;
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
