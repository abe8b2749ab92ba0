import { ConvertError } from "@/lib/convert/tensors";
import type { Handler } from "@/lib/convert/ops/types";

/**
 * Activations already flow as (fake-quantized) floats, so QUANTIZE is a requantization onto the
 * output grid. In QDQ form, a requantization is rounded with float ops before its Q/DQ pair: ORT
 * folds a DQ→Q→DQ chain into one grid, which would change the result.
 */
const quantize: Handler = (op, ctx) => {
  const value = ctx.input(op.inputs[0]);
  const out = ctx.quantOf(op.outputs[0]);
  const requantize = ctx.quant.qdq && out && ctx.quantOf(op.inputs[0]);
  ctx.output(op, requantize ? ctx.fakeQuant(value, out, `${ctx.tensor(op.outputs[0]).name}/requantize`) : value);
};

const dequantize: Handler = (op, ctx) => {
  const [input] = op.inputs;
  if (ctx.isConstant(input)) {
    const value = ctx.constant(input);
    const declared = ctx.tensor(op.outputs[0]).shape;
    if (declared.join() !== value.shape.join())
      throw new ConvertError(`constant of shape [${value.shape}] dequantized to shape [${declared}]`);
    ctx.fold(op.outputs[0], value);
  } else ctx.bind(op.outputs[0], ctx.input(input));
};

export const quantHandlers: Record<string, Handler> = {
  QUANTIZE: quantize,
  DEQUANTIZE: dequantize,
};
