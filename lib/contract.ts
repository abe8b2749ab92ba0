// The inference contract shared by the page, the worker, the CLI and the converter. It imports nothing.

/** Every converted model takes `image` float32 [1, 3, H, W] RGB 0–255 and gives `logits` float32 [1, C, h, w]. */
export const INPUT_NAME = "image";
export const OUTPUT_NAME = "logits";

/** Interleaved 8-bit RGB or RGBA pixels, row-major. */
export type RawImage = {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  channels: 3 | 4;
};

/** Planar class scores for one image: [classes, height, width]. */
export interface Logits {
  data: Float32Array;
  classes: number;
  height: number;
  width: number;
}

/** Runs the model on a preprocessed planar [3, height, width] 0–255 RGB image (square unless the model is flexible). */
export type Infer = (input: Float32Array, height: number, width: number) => Promise<Logits>;

export type Backend = "webgpu" | "wasm";

/**
 * onnxruntime-web builds served under /ort/: the plain SIMD+threads build for WASM (the smallest and
 * fastest on CPU), the native WebGPU EP build for WebGPU, and the older JSEP build for comparison.
 */
export const ORT_BUNDLES = { wasm: "ort.wasm.min.mjs", webgpu: "ort.webgpu.min.mjs", jsep: "ort.min.mjs" } as const;
export type Bundle = keyof typeof ORT_BUNDLES;
export const bundleFor = (backend: Backend): Bundle => backend;

export interface SessionInfo {
  /** The execution provider that actually runs the model. */
  ep: Backend;
  threads: number;
  /** Why the requested backend was not used, when it was not. */
  fallback?: string;
}
