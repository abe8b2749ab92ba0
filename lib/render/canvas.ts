/** Sizes the canvas to width×height and fills it with the given RGBA pixels. */
export function putPixels(
  canvas: HTMLCanvasElement,
  rgba: Uint8ClampedArray<ArrayBuffer>,
  width: number,
  height: number,
) {
  canvas.width = width;
  canvas.height = height;
  canvas.getContext("2d")!.putImageData(new ImageData(rgba, width, height), 0, 0);
}

export function drawBitmap(canvas: HTMLCanvasElement, bitmap: ImageBitmap) {
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  canvas.getContext("2d")!.drawImage(bitmap, 0, 0);
}

/** The image with the mask pixels drawn over it at the given opacity (0–1), as a PNG. */
export function compositePng(
  bitmap: ImageBitmap,
  mask: Uint8ClampedArray<ArrayBuffer>,
  opacity: number,
): Promise<Blob> {
  const { width, height } = bitmap;
  const layer = document.createElement("canvas");
  putPixels(layer, mask, width, height);
  const canvas = document.createElement("canvas");
  drawBitmap(canvas, bitmap);
  const ctx = canvas.getContext("2d")!;
  ctx.globalAlpha = opacity;
  ctx.drawImage(layer, 0, 0);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error("The overlay could not be encoded as PNG."))),
      "image/png",
    ),
  );
}
