/**
 * A VOC-sized (500×375) test picture drawn on a canvas and encoded as PNG: sky, ground and a few shapes, so
 * the fits that keep the aspect ratio see a landscape image like most of VOC. Used to time models.
 */
export async function syntheticImage(width = 500, height = 375): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext("2d")!;
  const sky = ctx.createLinearGradient(0, 0, 0, height);
  sky.addColorStop(0, "#6aa3d8");
  sky.addColorStop(0.6, "#d8e6f0");
  ctx.fillStyle = sky;
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = "#5b7d3a";
  ctx.fillRect(0, height * 0.62, width, height * 0.38);
  ctx.fillStyle = "#8a3b2b";
  ctx.fillRect(width * 0.12, height * 0.38, width * 0.3, height * 0.3);
  ctx.fillStyle = "#2f2f38";
  ctx.beginPath();
  ctx.ellipse(width * 0.68, height * 0.55, width * 0.12, height * 0.2, 0, 0, 2 * Math.PI);
  ctx.fill();
  ctx.fillStyle = "#f2c14e";
  ctx.beginPath();
  ctx.arc(width * 0.85, height * 0.15, height * 0.07, 0, 2 * Math.PI);
  ctx.fill();
  return canvas.convertToBlob({ type: "image/png" });
}
