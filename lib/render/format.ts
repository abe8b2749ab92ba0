/** A 0–1 fraction as a percentage; a dash where undefined. */
export const percent = (fraction: number, digits = 2) =>
  Number.isFinite(fraction) ? `${(fraction * 100).toFixed(digits)}%` : "—";

export const millis = (ms: number | undefined) => (ms === undefined ? "—" : `${ms.toFixed(1)} ms`);

export const dims = (width: number, height: number) => `${width}×${height}`;

export const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
