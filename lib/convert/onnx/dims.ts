/**
 * Symbolic spatial dims for a flexible graph. ONNX shape inference forgets a symbolic dim after a
 * Conv, so onnxruntime cannot prove that a residual Add sees two tensors of one size and skips fusing
 * it into the conv (its NCHWc path). Declaring each value's dims as ⌈height/k⌉ names restores that.
 */
import type { AttrValue, OnnxGraph, OnnxNode, ValueInfo } from "@/lib/convert/onnx/graph";

/** A known size, ⌈base/div⌉ of a named input dim, or unknown (null). */
type Dim = number | { base: string; div: number } | null;

const BROADCAST = new Set(["Relu", "Clip", "Round", "Div", "Mul", "Add", "Sub", "Identity"]);

const dimName = (d: { base: string; div: number }) => (d.div === 1 ? d.base : `ceil(${d.base}/${d.div})`);

/**
 * Declares the dims of every float value that has a symbolic one, the image's being [1, 3, height,
 * width], and returns those of `output` (undefined where some stayed unknown).
 */
export function declareDims(g: OnnxGraph, image: string, output: string): ValueInfo["dims"] | undefined {
  const named = (d: Dim[] | undefined) =>
    d?.every((x) => x !== null) && d.some((x) => typeof x === "object")
      ? d.map((x) => (typeof x === "number" ? x : dimName(x!)))
      : undefined;
  const dims = symbolicDims(g, { [image]: [1, 3, { base: "height", div: 1 }, { base: "width", div: 1 }] });
  for (const node of g.nodes) {
    const d = named(dims.get(node.outputs[0]));
    if (d && node.outputs[0] !== output && node.opType !== "QuantizeLinear")
      g.valueInfo.push({ name: node.outputs[0], type: "float32", dims: d });
  }
  return named(dims.get(output));
}

const sameDim = (a: Dim, b: Dim) =>
  a === b || (a !== null && b !== null && typeof a === "object" && typeof b === "object" && dimName(a) === dimName(b));

/** Dims of every value reachable from `inputs`, propagated node by node (nodes are in topological order). */
function symbolicDims(g: OnnxGraph, inputs: Record<string, Dim[]>): Map<string, Dim[]> {
  const dims = new Map<string, Dim[]>(Object.entries(inputs));
  for (const t of g.initializers.values()) dims.set(t.name, t.dims);
  // 1-D int64 values (Resize sizes): their contents, symbolic where they come from a Shape.
  const vectors = new Map<string, Dim[]>();
  for (const t of g.initializers.values())
    if (t.type === "int64" && t.dims.length === 1) vectors.set(t.name, Array.from(t.data as BigInt64Array, Number));
  for (const node of g.nodes) {
    const out = infer(node, dims, vectors);
    if (out) dims.set(node.outputs[0], out);
  }
  return dims;
}

function infer(node: OnnxNode, dims: Map<string, Dim[]>, vectors: Map<string, Dim[]>): Dim[] | undefined {
  const input = (k: number) => dims.get(node.inputs[k]);
  const ints = (name: string, fallback: number[]) => (node.attrs[name] as number[] | undefined) ?? fallback;
  const x = input(0);
  switch (node.opType) {
    case "Conv":
    case "AveragePool": {
      const w = input(1);
      const kernel = node.opType === "Conv" ? (w?.slice(2) as number[] | undefined) : ints("kernel_shape", []);
      if (x?.length !== 4 || kernel?.length !== 2) return undefined;
      const channels = node.opType === "Conv" ? (w?.[0] ?? null) : x[1];
      const strides = ints("strides", [1, 1]);
      const dilations = ints("dilations", [1, 1]);
      const pads = ints("pads", [0, 0, 0, 0]);
      const same = String(node.attrs.auto_pad ?? "").startsWith("SAME");
      const spatial = [0, 1].map((i) => {
        const reach = (kernel[i] - 1) * dilations[i];
        const padded = same || pads[i] + pads[i + 2] === reach;
        return convDim(x[2 + i], padded ? null : pads[i] + pads[i + 2] - reach, strides[i]);
      });
      return [x[0], channels, ...spatial];
    }
    case "GlobalAveragePool":
      return x && [x[0], x[1], 1, 1];
    case "Concat": {
      if (node.attrs.axis === 0 && node.inputs.every((i) => vectors.has(i)))
        vectors.set(
          node.outputs[0],
          node.inputs.flatMap((i) => vectors.get(i)!),
        );
      if (!x || node.attrs.axis !== 1) return undefined;
      const channels = node.inputs.map((i) => dims.get(i)?.[1]);
      const total = channels.every((c) => typeof c === "number")
        ? (channels as number[]).reduce((a, b) => a + b)
        : null;
      return [x[0], total, x[2], x[3]];
    }
    case "Shape": {
      if (x) vectors.set(node.outputs[0], x.slice(attr(node.attrs.start, 0), attr(node.attrs.end, x.length)));
      return undefined;
    }
    case "Resize":
      return vectors.get(node.inputs[3]);
    case "QuantizeLinear":
    case "DequantizeLinear":
      return x;
    default: {
      if (!BROADCAST.has(node.opType)) return undefined;
      const shapes = node.inputs.map((i) => dims.get(i)).filter((d): d is Dim[] => !!d);
      if (shapes.length !== node.inputs.length) return undefined;
      const rank = Math.max(...shapes.map((s) => s.length));
      const aligned = shapes.map((s) => [...Array(rank - s.length).fill(1), ...s]);
      return Array.from({ length: rank }, (_, i) => broadcast(aligned.map((s) => s[i])));
    }
  }
}

const attr = (v: AttrValue | undefined, fallback: number) => (typeof v === "number" ? v : fallback);

/**
 * One output dim of a conv or pool. `excess` is the padding beyond the kernel's reach, null when
 * the padding is SAME-like (then the output is ⌈input/stride⌉ at any size).
 */
function convDim(d: Dim, excess: number | null, stride: number): Dim {
  if (typeof d === "number") return excess === null ? Math.ceil(d / stride) : Math.floor((d + excess - 1) / stride) + 1;
  if (d === null || excess !== null) return null;
  return { base: d.base, div: d.div * stride };
}

function broadcast(ds: Dim[]): Dim {
  const big = ds.filter((d) => d !== 1);
  if (!big.length) return 1;
  return big.every((d) => sameDim(d, big[0])) ? big[0] : null;
}
