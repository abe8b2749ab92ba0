import type { RawImage } from "@/lib/contract";
import { readImageHeader } from "@/lib/image/header";
import { ImageInputError } from "@/lib/image/sniff";

/** Longer side above which images are scaled down before processing. */
export const MAX_SIDE = 4096;
/** Files above this size are refused before decoding. */
export const MAX_BYTES = 64 * 1024 * 1024;

export interface DecodedImage {
  bitmap: ImageBitmap;
  raw: RawImage;
  originalWidth: number;
  originalHeight: number;
  scaled: boolean;
}

/**
 * Browser decode (main thread or worker): format and declared size checked from the header before any
 * pixel is decoded, EXIF orientation applied, scaled down so the longer side is at most maxSide, then RGBA pixels.
 */
export async function decodeImageBlob(blob: Blob, name: string, maxSide = MAX_SIDE): Promise<DecodedImage> {
  if (blob.size > MAX_BYTES) {
    throw new ImageInputError(
      `"${name}" is ${(blob.size / 2 ** 20).toFixed(0)} MB; files over ${MAX_BYTES / 2 ** 20} MB are refused.`,
    );
  }
  const { kind } = await readImageHeader(blob, name);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, { imageOrientation: "from-image", premultiplyAlpha: "none" });
  } catch {
    throw new ImageInputError(
      `"${name}" looks like a ${kind.toUpperCase()} file but could not be decoded: it is corrupt, truncated or too large.`,
    );
  }
  const originalWidth = bitmap.width;
  const originalHeight = bitmap.height;
  const scale = Math.min(1, maxSide / Math.max(originalWidth, originalHeight));
  if (scale < 1) {
    const resized = await createImageBitmap(bitmap, {
      resizeWidth: Math.max(1, Math.round(originalWidth * scale)),
      resizeHeight: Math.max(1, Math.round(originalHeight * scale)),
      resizeQuality: "high",
    });
    bitmap.close();
    bitmap = resized;
  }
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext("2d", { willReadFrequently: true })!;
  ctx.drawImage(bitmap, 0, 0);
  const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
  return {
    bitmap,
    raw: { data, width: bitmap.width, height: bitmap.height, channels: 4 },
    originalWidth,
    originalHeight,
    scaled: scale < 1,
  };
}
