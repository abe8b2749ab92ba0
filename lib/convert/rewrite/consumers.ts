import type { TfGraph, TfOp } from "@/lib/convert/tflite/reader";

export function consumers(graph: TfGraph, tensor: number): TfOp[] {
  return graph.ops.filter((op) => op.inputs.includes(tensor));
}

export function producer(graph: TfGraph, tensor: number): TfOp | undefined {
  return graph.ops.find((op) => op.outputs.includes(tensor));
}
