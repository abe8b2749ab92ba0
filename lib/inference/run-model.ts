import { INPUT_NAME, OUTPUT_NAME, type Logits } from "@/lib/contract";

// The part of onnxruntime's API (web and node alike) that running a converted model needs.
interface OrtTensor {
  readonly dims: readonly number[];
  getData(): Promise<unknown>;
  dispose(): void;
}
type OrtTensorClass = new (type: "float32", data: Float32Array, dims: readonly number[]) => OrtTensor;
interface OrtSession {
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
}

/** Feeds one preprocessed image to a session and reads its logits back, whichever onnxruntime runs it. */
export async function runModel(
  Tensor: OrtTensorClass,
  session: OrtSession,
  input: Float32Array,
  height: number,
  width: number,
): Promise<Logits> {
  const image = new Tensor("float32", input, [1, 3, height, width]);
  try {
    const out = (await session.run({ [INPUT_NAME]: image }))[OUTPUT_NAME];
    const [, classes, height, width] = out.dims;
    const data = (await out.getData()) as Float32Array;
    out.dispose();
    return { data, classes, height, width };
  } finally {
    image.dispose();
  }
}
