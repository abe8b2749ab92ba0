import type { TfGraph, TfOp, TfTensor } from "@/lib/convert/tflite/reader";
import { constantProblem, dequantize } from "@/lib/convert/tensors";
import { consumers, producer } from "@/lib/convert/rewrite/consumers";

/**
 * DeepLab's head concatenates the image-pooling feature (a 1×1 map resized to H×W, i.e. broadcast)
 * with the other ASPP branches, then projects with a 1×1 conv. Since the conv is linear, it splits:
 *   conv(concat(broadcast(p), a)) = conv_a(a) + (W_p·p + b), a per-channel bias broadcast over H×W.
 * The resize and concat disappear and the projection reads half the channels. Float activations only.
 */
export function splitImagePooling(graph: TfGraph): TfGraph {
  let g = graph;
  for (const concat of graph.ops.filter((op) => op.name === "CONCATENATION")) {
    const next = rewrite(g, concat);
    if (next) g = next;
  }
  return g;
}

/** A constant's float values, also through a DEQUANTIZE of a constant (fp16 sources). */
function constantValues(graph: TfGraph, index: number): Float32Array | null {
  const from = producer(graph, index);
  const tensor = from?.name === "DEQUANTIZE" ? graph.tensors[from.inputs[0]] : graph.tensors[index];
  return constantProblem(tensor) ? null : dequantize(tensor);
}

function rewrite(graph: TfGraph, concat: TfOp): TfGraph | null {
  const t = (i: number) => graph.tensors[i];
  const out = t(concat.outputs[0]);
  if (
    concat.inputs.length !== 2 ||
    concat.options.activation ||
    ![3, -1].includes(concat.options.axis) ||
    out.type !== "float32"
  )
    return null;
  const users = consumers(graph, out.index);
  const [conv] = users;
  if (users.length !== 1 || conv.name !== "CONV_2D" || conv.inputs[0] !== out.index) return null;
  const w = t(conv.inputs[1]);
  const weights = constantValues(graph, w.index);
  if (!weights || w.shape[1] !== 1 || w.shape[2] !== 1 || conv.options.strideH !== 1 || conv.options.strideW !== 1)
    return null;
  const pooledAt = concat.inputs.findIndex((i) => {
    const resize = producer(graph, i);
    return (
      resize?.name === "RESIZE_BILINEAR" &&
      t(resize.inputs[0]).shape[1] === 1 &&
      t(resize.inputs[0]).shape[2] === 1 &&
      consumers(graph, i).length === 1
    );
  });
  if (pooledAt < 0) return null;
  const resize = producer(graph, concat.inputs[pooledAt])!;
  const pooled = t(resize.inputs[0]);
  const other = t(concat.inputs[1 - pooledAt]);
  if (other.type !== "float32" || pooled.type !== "float32") return null;

  const [outC, , , inC] = w.shape;
  const pooledC = pooled.shape[3];
  if (other.shape.length !== 4 || pooled.shape.length !== 4 || w.shape.length !== 4) return null;
  if (!w.shape.every((d) => d >= 1) || pooledC + other.shape[3] !== inC || weights.length !== outC * inC) return null;
  const slice = (from: number, count: number) => {
    const part = new Float32Array(outC * count);
    for (let o = 0; o < outC; o++) part.set(weights.subarray(o * inC + from, o * inC + from + count), o * count);
    return part;
  };
  const pooledFrom = pooledAt === 0 ? 0 : other.shape[3];
  const otherFrom = pooledAt === 0 ? pooledC : 0;

  const tensors = [...graph.tensors];
  const add = (tensor: Omit<TfTensor, "index">) => tensors.push({ ...tensor, index: tensors.length }) - 1;
  const constant = (name: string, shape: number[], data: Float32Array) =>
    add({ name, shape, type: "float32", data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) });
  const name = t(conv.outputs[0]).name;
  const [n, h, wd] = other.shape;
  const branch = add({ name: `${name}/branches`, shape: [n, h, wd, outC], type: "float32" });
  const bias = add({ name: `${name}/pooled_bias`, shape: [1, 1, 1, outC], type: "float32" });
  const ops: TfOp[] = [
    {
      ...conv,
      inputs: [
        other.index,
        constant(`${name}/weights_branches`, [outC, 1, 1, other.shape[3]], slice(otherFrom, other.shape[3])),
        -1,
      ],
      outputs: [branch],
      options: { ...conv.options, activation: 0 },
    },
    {
      ...conv,
      inputs: [
        pooled.index,
        constant(`${name}/weights_pooled`, [outC, 1, 1, pooledC], slice(pooledFrom, pooledC)),
        conv.inputs[2] ?? -1,
      ],
      outputs: [bias],
      options: { ...conv.options, activation: 0 },
    },
    {
      index: conv.index,
      name: "ADD",
      version: 1,
      inputs: [branch, bias],
      outputs: conv.outputs,
      options: { activation: conv.options.activation ?? 0 },
    },
  ];
  return {
    ...graph,
    tensors,
    ops: graph.ops.flatMap((op) => (op === conv ? ops : op === concat || op === resize ? [] : [op])),
  };
}
