/**
 * Zoom and pan of a box of size w×h showing content scaled by `scale` and shifted by (x, y) px:
 * CSS `translate(x, y) scale(scale)` with the origin at the top left. The content always covers the box.
 */
export interface Zoom {
  scale: number;
  x: number;
  y: number;
}

export const NO_ZOOM: Zoom = { scale: 1, x: 0, y: 0 };
export const MAX_SCALE = 16;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Keeps the content covering the box. */
export function clampZoom(z: Zoom, w: number, h: number): Zoom {
  const scale = clamp(z.scale, 1, MAX_SCALE);
  return { scale, x: clamp(z.x, w - w * scale, 0), y: clamp(z.y, h - h * scale, 0) };
}

/** Zooms by `factor` keeping the content point under (px, py) where it is. */
export function zoomAt(z: Zoom, factor: number, px: number, py: number, w: number, h: number): Zoom {
  const scale = clamp(z.scale * factor, 1, MAX_SCALE);
  const cx = (px - z.x) / z.scale;
  const cy = (py - z.y) / z.scale;
  return clampZoom({ scale, x: px - cx * scale, y: py - cy * scale }, w, h);
}

export const panBy = (z: Zoom, dx: number, dy: number, w: number, h: number): Zoom =>
  clampZoom({ ...z, x: z.x + dx, y: z.y + dy }, w, h);

/** The image pixel under box point (px, py), for an image of imageW×imageH filling the box. */
export function pixelAt(z: Zoom, px: number, py: number, w: number, h: number, imageW: number, imageH: number) {
  const x = Math.floor((((px - z.x) / z.scale) * imageW) / w);
  const y = Math.floor((((py - z.y) / z.scale) * imageH) / h);
  return { x: clamp(x, 0, imageW - 1), y: clamp(y, 0, imageH - 1) };
}

/** Where image pixel (x, y)'s centre lands in the box. */
export function boxPoint(z: Zoom, x: number, y: number, w: number, h: number, imageW: number, imageH: number) {
  return { px: z.x + (((x + 0.5) * w) / imageW) * z.scale, py: z.y + (((y + 0.5) * h) / imageH) * z.scale };
}
