import { writeFileSync } from "node:fs";
import sharp from "sharp";

/** RGB → I420 (BT.601, studio range), the format Chromium's file-backed fake camera reads. */
export function toI420(rgb: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array((width * height * 3) / 2);
  const u = width * height;
  const v = u + u / 4;
  for (let i = 0; i < width * height; i++) {
    const [r, g, b] = [rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]];
    out[i] = Math.round(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255);
  }
  for (let y = 0; y < height / 2; y++) {
    for (let x = 0; x < width / 2; x++) {
      let [r, g, b] = [0, 0, 0];
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ]) {
        const p = 3 * ((2 * y + dy) * width + 2 * x + dx);
        r += rgb[p] / 4;
        g += rgb[p + 1] / 4;
        b += rgb[p + 2] / 4;
      }
      const j = y * (width / 2) + x;
      out[u + j] = Math.round(128 + (-37.797 * r - 74.203 * g + 112 * b) / 255);
      out[v + j] = Math.round(128 + (112 * r - 93.786 * g - 18.214 * b) / 255);
    }
  }
  return out;
}

/** An image file stretched to width×height, as RGB bytes. */
export const rgbFrame = async (file: string, width: number, height: number) =>
  new Uint8Array(await sharp(file).resize(width, height, { fit: "fill" }).removeAlpha().raw().toBuffer());

/**
 * Writes a Y4M clip for `--use-file-for-fake-video-capture`: each image shown for `framesEach` frames at `fps`.
 * Chromium plays it in a loop as the camera.
 */
export async function writeY4m(
  path: string,
  images: string[],
  { width, height, fps, framesEach }: { width: number; height: number; fps: number; framesEach: number },
) {
  const frames: Uint8Array[] = [Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`)];
  for (const image of images) {
    const frame = Buffer.concat([Buffer.from("FRAME\n"), toI420(await rgbFrame(image, width, height), width, height)]);
    for (let i = 0; i < framesEach; i++) frames.push(frame);
  }
  writeFileSync(path, Buffer.concat(frames));
}
