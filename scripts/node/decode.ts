import sharp from "sharp";
import type { RawImage } from "@/lib/contract";

/**
 * Decodes an image file to RGB with libvips, whose JPEG decoder is libjpeg-turbo like Chromium's,
 * so the CLI and the page see the same pixels. EXIF orientation is applied, as browsers do.
 */
export async function decodeImage(input: string | Uint8Array): Promise<RawImage> {
  const { data, info } = await sharp(input, { failOn: "error" })
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
