import type { Handler } from "@/lib/convert/ops/types";

const binary =
  (opType: string): Handler =>
  (op, ctx) => {
    const [a, b] = op.inputs.map((i) => ctx.input(i));
    ctx.output(op, ctx.onnx.node(opType, [a, b], {}, ctx.tensor(op.outputs[0]).name));
  };

export const elementwiseHandlers: Record<string, Handler> = {
  ADD: binary("Add"),
  SUB: binary("Sub"),
  MUL: binary("Mul"),
};
