// The whole embedding: create a Segmenter, segment an uploaded image, then the camera.
import { colorize, createSegmenter, maskColors } from "/vendor/segmenter/segmenter.js";

const $ = (id) => document.getElementById(id);
const [file, camera, status, canvas, video] = ["file", "camera", "status", "mask", "video"].map($);
const colors = maskColors();

/** Draws a result's class map in the VOC palette. A result is valid until closed, so draw first. */
function draw(result) {
  canvas.width = result.width;
  canvas.height = result.height;
  const pixels = colorize(result.labels, colors);
  canvas.getContext("2d").putImageData(new ImageData(pixels, result.width, result.height), 0, 0);
  let top = 1;
  for (let c = 2; c < result.counts.length; c++) if (result.counts[c] > result.counts[top]) top = c;
  status.textContent = `${result.model.name}: mostly ${segmenter.labels[top]} besides background`;
}

const segmenter = await createSegmenter({ backend: "wasm" }).catch((error) => {
  status.textContent = `The model could not be loaded: ${error.message}`;
  throw error;
});
status.textContent = `Ready: ${segmenter.options.model.name}, ${segmenter.labels.length} classes`;
file.disabled = camera.disabled = false;

file.addEventListener("change", async () => {
  if (!file.files[0]) return;
  try {
    const result = await segmenter.segment(file.files[0], { name: file.files[0].name });
    draw(result);
    result.close();
  } catch (error) {
    status.textContent = `"${file.files[0].name}" could not be segmented: ${error.message}`;
  }
});

camera.addEventListener("click", async () => {
  camera.disabled = true;
  try {
    video.srcObject = await navigator.mediaDevices.getUserMedia({ video: true });
    await video.play();
  } catch (error) {
    status.textContent = `The camera could not be started: ${error.message}`;
    camera.disabled = false;
    return;
  }
  const live = segmenter.live({
    show: (result) => (draw(result), result.close(), true),
    stats: ({ fps }) => (camera.textContent = `Camera: ${fps.toFixed(1)} masks/s`),
    error: (error) => (status.textContent = `Live segmentation failed: ${error.message}`),
    mirror: () => false,
  });
  const next = () =>
    video.requestVideoFrameCallback(async () => {
      live.offer({ frame: await createImageBitmap(video), captured: performance.now() });
      if (live.running) next();
    });
  next();
});
