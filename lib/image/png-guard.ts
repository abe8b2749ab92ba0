import { Unzlib } from "fflate";
import type { ImageSize } from "@/lib/image/header";
import { ImageInputError } from "@/lib/image/sniff";

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Adam7 passes: x start, y start, x step, y step. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];
/** Deflate inflates at most 1032 bytes per byte (a 258-byte match in two 1-bit codes). */
const MAX_RATIO = 1032;
/** How far past the declared size the pre-pass may inflate before it notices (a 256-byte slice: 258 KB). */
const OVERSHOOT = 256 * 1024;
const MIN_SLICE = 256;
/**
 * Real encoders never write this much image data in a row that inflates to nothing (a stored block is
 * under 64 KB): past it the stream has ended, or is padding before a bomb that slices of up to 8 KB
 * (silent >> 4) can inflate at most 8.5 MB of.
 */
const MAX_SILENT_INPUT = 128 * 1024;

/** Bytes of filtered scanlines (a filter byte per row) a non-interlaced or Adam7 PNG must inflate to. */
function filteredSize(width: number, height: number, bitsPerPixel: number, interlaced: boolean): number {
  const rows = (w: number, h: number) => (w > 0 && h > 0 ? h * (1 + Math.ceil((w * bitsPerPixel) / 8)) : 0);
  if (!interlaced) return rows(width, height);
  return ADAM7.reduce(
    (sum, [x0, y0, dx, dy]) => sum + rows(Math.ceil((width - x0) / dx), Math.ceil((height - y0) / dy)),
    0,
  );
}

/**
 * Guards a PNG decoder against inflation bombs: inflates the IDAT stream in slices too small to inflate much
 * more than 256 KB past the `size` its header declares, counting and discarding the output, and throws an
 * ImageInputError starting with `subject` as soon as it passes that size.
 * Malformed chunks or zlib data are left for the decoder to report.
 */
export function checkPngInflation(bytes: Uint8Array, size: ImageSize, subject: string): void {
  if (bytes.length < 33) return;
  const channels = CHANNELS[bytes[25]];
  if (channels === undefined) return;
  const limit = filteredSize(size.width, size.height, channels * bytes[24], bytes[28] === 1);
  const refuse = (reason: string) => new ImageInputError(`${subject} is not a readable PNG: ${reason}.`);
  let inflated = 0;
  let silent = 0;
  const inflater = new Unzlib((chunk) => {
    inflated += chunk.length;
    if (chunk.length > 0) silent = 0;
  });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    for (let pos = 8; pos + 8 <= bytes.length; pos += 12 + view.getUint32(pos)) {
      const type = String.fromCharCode(...bytes.subarray(pos + 4, pos + 8));
      if (type === "IEND") return;
      if (type !== "IDAT") continue;
      const end = Math.min(pos + 8 + view.getUint32(pos), bytes.length);
      for (let at = pos + 8; at < end;) {
        // Slices grow with a silent run, as fflate copies all unread input at every push after the stream ends.
        const room = Math.max(MIN_SLICE, silent >> 4, Math.floor((limit - inflated + OVERSHOOT) / MAX_RATIO));
        const slice = bytes.subarray(at, Math.min(at + room, end));
        at += slice.length;
        silent += slice.length;
        inflater.push(slice);
        if (inflated > limit) {
          throw refuse(`its image data inflates past the ${size.width}×${size.height} pixels its header declares`);
        }
        if (silent > MAX_SILENT_INPUT) {
          throw refuse(`over ${MAX_SILENT_INPUT >> 10} KB of its image data in a row inflates to nothing`);
        }
      }
    }
  } catch (err) {
    if (err instanceof ImageInputError) throw err;
  }
}
