import { ConvertError, nchwAxis } from "@/lib/convert/tensors";
import type { Handler } from "@/lib/convert/ops/types";

const argMax: Handler = (op, ctx) => {
  const rank = ctx.tensor(op.inputs[0]).shape.length;
  const axes = ctx.ints(op.inputs[1]);
  const [axis] = axes;
  if (axes.length !== 1 || !(axis >= -rank && axis < rank))
    throw new ConvertError(`axis tensor holds [${axes}], expected one axis of rank ${rank}`);
  const out = ctx.onnx.node(
    "ArgMax",
    [ctx.input(op.inputs[0])],
    { axis: nchwAxis(axis, rank), keepdims: 0 },
    ctx.tensor(op.outputs[0]).name,
  );
  ctx.bind(op.outputs[0], out);
};

export const reduceHandlers: Record<string, Handler> = { ARG_MAX: argMax };
