// A user's own .onnx → the app's contract: batch pinned to 1, its input renamed `image` behind the normalisation the
// user gives (0–255 RGB in), its output renamed `logits`. The size and normalisation come from a small form.
import onnxProto from "onnx-proto";
import type { ConvertPhase } from "@/lib/convert";
import { INPUT_NAME, OUTPUT_NAME } from "@/lib/contract";
import { OwnModelError, MAX_CLASSES, labelsFor, sha256Hex, type PreparedModel } from "@/lib/own-model/prepare";

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;

export interface OnnxForm {
  /** The square input size, where the model does not fix it. */
  size?: number;
  /** One value, or one per channel (R, G, B), of 0–255 RGB: the model takes (x − mean) / std. */
  mean: number[];
  std: number[];
}

type Dim = number | string;
const dimsOf = (v: onnxProto.onnx.IValueInfoProto): Dim[] | undefined =>
  v.type?.tensorType?.shape?.dim?.map((d) =>
    d.dimValue != null && Number(d.dimValue) > 0 ? Number(d.dimValue) : (d.dimParam ?? "?"),
  );

export async function prepareOnnx(
  bytes: Uint8Array,
  fileName: string,
  form: OnnxForm,
  options: { labels?: { name: string; text: string }; onPhase?: (phase: ConvertPhase) => void } = {},
): Promise<PreparedModel> {
  const fail = (message: string) => new OwnModelError(`"${fileName}": ${message}`);
  options.onPhase?.("read");
  let model: onnxProto.onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw fail(`not an ONNX model: ${(error as Error).message}`);
  }
  const graph = model.graph;
  if (!graph || !graph.node?.length) throw fail("not an ONNX model: it holds no graph");
  const constants = new Set(graph.initializer?.map((t) => t.name));
  const inputs = (graph.input ?? []).filter((v) => !constants.has(v.name));
  const outputs = graph.output ?? [];
  if (inputs.length !== 1) throw fail(`the model has ${inputs.length} inputs; a segmentation model takes one image`);
  if (outputs.length !== 1)
    throw fail(`the model has ${outputs.length} outputs; a segmentation model gives one map of class scores`);
  const [input, output] = [inputs[0], outputs[0]];
  const inDims = dimsOf(input);
  if (input.type?.tensorType?.elemType !== FLOAT || !inDims || inDims.length !== 4 || inDims[1] !== 3)
    throw fail(`its input "${input.name}" is not a float32 RGB image [batch, 3, height, width]: [${inDims ?? "?"}]`);
  if (typeof inDims[0] === "number" && inDims[0] !== 1)
    throw fail(`its input "${input.name}" has batch ${inDims[0]}, which cannot be pinned to 1`);
  const [h, w] = [inDims[2], inDims[3]];
  const fixed = typeof h === "number" && typeof w === "number";
  if (fixed && h !== w)
    throw fail(`its input size cannot be read: "${input.name}" is ${h}×${w}; a square size is needed`);
  if (fixed && form.size && form.size !== h)
    throw fail(`its input is fixed at ${h}×${w}, not the ${form.size} given in the form`);
  const size = fixed ? (h as number) : form.size;
  if (!size || !(Number.isInteger(size) && size > 1))
    throw fail(`its input size cannot be read ("${input.name}" is [${inDims}]): give the input size in the form`);
  const outDims = dimsOf(output);
  if (
    !outDims ||
    outDims.length !== 4 ||
    typeof outDims[1] !== "number" ||
    (typeof outDims[0] === "number" && outDims[0] !== 1)
  )
    throw fail(
      `its output "${output.name}" is not per-pixel class scores [1, classes, height, width]: [${outDims ?? "?"}]`,
    );
  const classes = outDims[1];
  if (!(classes >= 2 && classes <= MAX_CLASSES))
    throw fail(`its output "${output.name}" has ${classes} classes (2–${MAX_CLASSES} needed)`);
  const { labels, labelSource } = labelsFor(classes, options.labels, fail);
  const { mean, std } = form;
  if (
    ![1, 3].includes(mean.length) ||
    ![1, 3].includes(std.length) ||
    std.some((s) => !(s !== 0 && Number.isFinite(s))) ||
    mean.some((m) => !Number.isFinite(m))
  )
    throw fail(`the normalisation needs 1 or 3 means and non-zero stds, found [${mean}] and [${std}]`);

  options.onPhase?.("rewrite");
  const channels = mean.length === 3 || std.length === 3 ? 3 : 1;
  const pick = (v: number[], c: number) => v[v.length === 3 ? c : 0];
  const scale = Array.from({ length: channels }, (_, c) => 1 / pick(std, c));
  const offset = Array.from({ length: channels }, (_, c) => -pick(mean, c) / pick(std, c));
  const constant = (name: string, values: number[]) => ({
    name,
    dataType: FLOAT,
    dims: values.length === 3 ? [1, 3, 1, 1] : [],
    floatData: values,
  });
  const pin = (dims: Dim[], names: string[]) =>
    dims.map((d, i) => (typeof d === "number" ? { dimValue: d } : i === 0 ? { dimValue: 1 } : { dimParam: names[i] }));
  const original = { input: input.name!, output: output.name! };
  // The contract's names are taken by the new input and output, and new names start with "own:"; a model already
  // using the contract's names has them renamed inside.
  const rename = (from: string, to: string) => {
    for (const n of graph.node!) {
      n.input = n.input?.map((x) => (x === from ? to : x));
      n.output = n.output?.map((x) => (x === from ? to : x));
    }
    return to;
  };
  if (original.input === INPUT_NAME) original.input = rename(INPUT_NAME, "own:image_source");
  if (original.output === OUTPUT_NAME) original.output = rename(OUTPUT_NAME, "own:logits_source");
  graph.initializer = [
    ...(graph.initializer ?? []),
    constant("own:image_scale", scale),
    constant("own:image_offset", offset),
  ];
  graph.node = [
    { opType: "Mul", input: [INPUT_NAME, "own:image_scale"], output: ["own:image_scaled"], name: "own:scale" },
    { opType: "Add", input: ["own:image_scaled", "own:image_offset"], output: [original.input], name: "own:offset" },
    ...graph.node,
    { opType: "Identity", input: [original.output], output: [OUTPUT_NAME], name: "own:logits" },
  ];
  const elem = (dims: Dim[], names: string[]) => ({
    tensorType: { elemType: FLOAT, shape: { dim: pin(dims, names) } },
  });
  graph.input = [
    ...(graph.input ?? []).filter((v) => v !== input),
    { name: INPUT_NAME, type: elem(inDims, ["", "", "height", "width"]) },
  ];
  graph.output = [{ name: OUTPUT_NAME, type: elem(outDims, ["", "", "logits_height", "logits_width"]) }];

  options.onPhase?.("write");
  const out = onnx.ModelProto.encode(model).finish();
  return {
    fileName,
    onnx: out,
    sha256: await sha256Hex(out),
    inputSize: size,
    outputSize: typeof outDims[2] === "number" ? outDims[2] : 0,
    flexible: !fixed,
    labels,
    labelSource,
    normalization: { mean, std, source: "form" },
    sourceOps: Object.fromEntries(
      [...new Set(graph.node.map((n) => n.opType!))].map((op) => [
        op,
        graph.node!.filter((n) => n.opType === op).length,
      ]),
    ),
  };
}
