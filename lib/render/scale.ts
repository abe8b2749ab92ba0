/** A map from data values to chart coordinates, with round tick values inside its domain. */
export interface Scale {
  (value: number): number;
  domain: [number, number];
  ticks: number[];
}

const tidy = (v: number) => Number(v.toPrecision(12));

/** 1, 2 or 5 times a power of ten, the smallest such step of at least `raw`. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].find((m) => m * power >= raw * (1 - 1e-9))!;
  return tidy(step * power);
}

/** A linear scale whose domain is widened to whole steps of about `count` ticks. */
export function linearScale(min: number, max: number, range: [number, number], count = 5): Scale {
  if (!(max > min)) [min, max] = [min - 1, max + 1];
  const step = niceStep((max - min) / count);
  const lo = tidy(Math.floor(min / step) * step);
  const hi = tidy(Math.ceil(max / step) * step);
  const ticks: number[] = [];
  for (let i = 0; lo + i * step <= hi + step * 1e-9; i++) ticks.push(tidy(lo + i * step));
  const scale = (v: number) => range[0] + ((v - lo) / (hi - lo)) * (range[1] - range[0]);
  return Object.assign(scale, { domain: [lo, hi] as [number, number], ticks });
}

/**
 * A logarithmic scale over [min, max] widened by `pad` (a factor) each side, for positive values. Ticks
 * are 1, 2 and 5 times powers of ten, or every digit times a power of ten when that gives fewer than three.
 */
export function logScale(min: number, max: number, range: [number, number], pad = 1.15): Scale {
  if (!(min > 0) || !(max >= min)) throw new RangeError(`A log scale needs 0 < min ≤ max, got ${min}, ${max}`);
  const lo = min / pad;
  const hi = max * pad;
  const decades = (digits: number[]) => {
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
      for (const d of digits) {
        const v = tidy(d * 10 ** e);
        if (v >= lo && v <= hi) out.push(v);
      }
    }
    return out;
  };
  const coarse = decades([1, 2, 5]);
  const ticks = coarse.length >= 3 ? coarse : decades([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const span = Math.log(hi / lo);
  const scale = (v: number) => range[0] + (Math.log(v / lo) / span) * (range[1] - range[0]);
  return Object.assign(scale, { domain: [lo, hi] as [number, number], ticks });
}
