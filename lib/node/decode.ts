import { openAsBlob } from "node:fs";
import { basename } from "node:path";
import sharp from "sharp";
import type { RawImage } from "@/lib/contract";
import { MAX_PIXELS, readImageHeader } from "@/lib/image/header";

/**
 * Decodes an image file to RGB with libvips, whose JPEG decoder is libjpeg-turbo like Chromium's,
 * so the CLI and the page see the same pixels. EXIF orientation is applied, as browsers do.
 * The header is read first: files that are not JPEG, PNG or WebP, or declare a size over the limits,
 * are refused with an ImageInputError naming `name` before any pixel is decoded.
 */
export async function decodeImage(
  input: string | Uint8Array,
  name = typeof input === "string" ? basename(input) : "image",
): Promise<RawImage> {
  await readImageHeader(typeof input === "string" ? await openAsBlob(input) : new Blob([input.slice()]), name);
  const { data, info } = await sharp(input, { failOn: "error", limitInputPixels: MAX_PIXELS })
    .rotate()
    .removeAlpha()
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
    channels: 3,
  };
}
