import { ConvertError } from "@/lib/convert/tensors";
import type { TfGraph } from "@/lib/convert/tflite/reader";

/** Input counts [min, max] of the ops the rewrites and handlers read; each has one output. */
const ARITY: Record<string, [min: number, max: number]> = {
  ADD: [2, 2],
  SUB: [2, 2],
  MUL: [2, 2],
  CONV_2D: [2, 3],
  DEPTHWISE_CONV_2D: [2, 3],
  AVERAGE_POOL_2D: [1, 1],
  CONCATENATION: [1, Infinity],
  RESIZE_BILINEAR: [2, 2],
  ARG_MAX: [2, 2],
  QUANTIZE: [1, 1],
  DEQUANTIZE: [1, 1],
  SPACE_TO_BATCH_ND: [3, 3],
  BATCH_TO_SPACE_ND: [3, 3],
};

/** The one input of these ops that may be absent (-1): a conv's bias. */
const OPTIONAL: Record<string, number> = { CONV_2D: 2, DEPTHWISE_CONV_2D: 2 };

/**
 * What the rewrites and handlers rely on: known ops have their inputs and output, every tensor index
 * exists, and operators run in order, each reading only constants, graph inputs or earlier outputs and
 * writing tensors nobody else writes. So the graph is acyclic and every value is defined once.
 */
export function validateGraph(graph: TfGraph) {
  const count = graph.tensors.length;
  const exists = (i: number) => Number.isInteger(i) && i >= 0 && i < count;
  const label = (i: number) => `tensor ${i} "${graph.tensors[i].name}"`;
  for (const [list, what] of [
    [graph.inputs, "input"],
    [graph.outputs, "output"],
  ] as const)
    for (const i of list)
      if (!exists(i)) throw new ConvertError(`graph ${what} ${i} is not one of the ${count} tensors`);

  const written = new Set<number>(graph.inputs);
  for (const op of graph.ops) {
    const where = `operator ${op.index} (${op.name})`;
    const arity = ARITY[op.name];
    if (arity) {
      const [min, max] = arity;
      if (op.inputs.length < min || op.inputs.length > max || op.outputs.length !== 1)
        throw new ConvertError(`${where} has ${op.inputs.length} inputs and ${op.outputs.length} outputs`);
      const missing = op.inputs.findIndex((i, k) => i < 0 && OPTIONAL[op.name] !== k);
      if (missing >= 0 || op.outputs[0] < 0) throw new ConvertError(`${where} lacks a required input or its output`);
    }
    for (const i of op.inputs) {
      if (i === -1) continue;
      if (!exists(i)) throw new ConvertError(`${where} reads tensor ${i}, which does not exist`);
      if (!written.has(i) && !graph.tensors[i].data)
        throw new ConvertError(`${where} reads ${label(i)} before any operator writes it`);
    }
    for (const o of op.outputs) {
      if (o === -1) continue;
      if (!exists(o)) throw new ConvertError(`${where} writes tensor ${o}, which does not exist`);
      if (written.has(o) || graph.tensors[o].data)
        throw new ConvertError(`${where} writes ${label(o)}, already a graph input, a constant or another output`);
      written.add(o);
    }
  }
  for (const o of graph.outputs)
    if (!written.has(o) || graph.inputs.includes(o))
      throw new ConvertError(`graph output ${label(o)} is not written by any operator`);
}
