/**
 * The PASCAL VOC colour map: bits 0, 1, 2 of the index go to the top bit of
 * r, g, b; bits 3, 4, 5 to the next bit down; and so on.
 */
function buildPalette(): Uint8Array {
  const palette = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    let r = 0;
    let g = 0;
    let b = 0;
    let c = i;
    for (let shift = 7; shift >= 0; shift--) {
      r |= (c & 1) << shift;
      g |= ((c >> 1) & 1) << shift;
      b |= ((c >> 2) & 1) << shift;
      c >>= 3;
    }
    palette[i * 3] = r;
    palette[i * 3 + 1] = g;
    palette[i * 3 + 2] = b;
  }
  return palette;
}

/** 256 RGB triples, index-major: [r0, g0, b0, r1, g1, b1, ...]. */
export const VOC_PALETTE: Uint8Array = buildPalette();

export function paletteColor(index: number): [number, number, number] {
  if (!Number.isInteger(index) || index < 0 || index > 255) {
    throw new RangeError(`Palette index must be an integer 0..255, got ${index}`);
  }
  const o = index * 3;
  return [VOC_PALETTE[o], VOC_PALETTE[o + 1], VOC_PALETTE[o + 2]];
}
