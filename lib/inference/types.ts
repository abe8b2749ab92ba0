/** Planar class scores for one image: [classes, height, width]. */
export interface Logits {
  data: Float32Array;
  classes: number;
  height: number;
  width: number;
}

/** Runs the model on a preprocessed [3, size, size] 0–255 RGB image. */
export type Infer = (input: Float32Array, size: number) => Promise<Logits>;
