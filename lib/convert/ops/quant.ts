import type { Handler } from "./types";

/** Activations already flow as (fake-quantized) floats, so QUANTIZE is a requantization onto the output grid. */
const quantize: Handler = (op, ctx) => ctx.output(op, ctx.input(op.inputs[0]));

const dequantize: Handler = (op, ctx) => {
  const [input] = op.inputs;
  if (ctx.isConstant(input)) ctx.fold(op.outputs[0], ctx.constant(input));
  else ctx.bind(op.outputs[0], ctx.input(input));
};

export const quantHandlers: Record<string, Handler> = {
  QUANTIZE: quantize,
  DEQUANTIZE: dequantize,
};
