/** Interleaved 8-bit RGB or RGBA pixels, row-major. */
export type RawImage = {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  channels: 3 | 4;
};
