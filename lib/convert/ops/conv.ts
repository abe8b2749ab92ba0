import type { Context } from "@/lib/convert/context";
import type { AttrValue } from "@/lib/convert/onnx/graph";
import type { TfOp } from "@/lib/convert/tflite/reader";
import { PADDING } from "@/lib/convert/tflite/schema";
import { ConvertError, nchwShape, toChannelsFirst } from "@/lib/convert/tensors";
import { positive, shapeOf } from "@/lib/convert/ops/checks";
import type { Handler } from "@/lib/convert/ops/types";
import { floatWeights, quantizedWeights } from "@/lib/convert/ops/weights";

/**
 * Padding attributes for TFLite SAME/VALID, or for the explicit pads a rewrite left in the options.
 * SAME pads depend on the input size once a stride exceeds 1, so a flexible graph leaves them to
 * auto_pad SAME_UPPER, TFLite's own rule (the odd pixel at the end); explicit pads must be the ones
 * VALID or stride-1 SAME gives at every size, else the graph is pinned to the source's size.
 */
function padding(op: TfOp, ctx: Context, kh: number, kw: number): Record<string, AttrValue> {
  const o = op.options;
  const [dh, dw] = [o.dilationH ?? 1, o.dilationW ?? 1];
  const strided = o.strideH !== 1 || o.strideW !== 1;
  if (o.padTop !== undefined) {
    const pads = [o.padTop, o.padLeft, o.padBottom, o.padRight];
    const half = (total: number) => [Math.floor(total / 2), total - Math.floor(total / 2)];
    const [top, bottom] = half((kh - 1) * dh);
    const [left, right] = half((kw - 1) * dw);
    const sameOrValid = [[top, left, bottom, right].join(), "0,0,0,0"].includes(pads.join());
    if (ctx.flexible && (strided || !sameOrValid))
      ctx.pin(`"${ctx.tensor(op.outputs[0]).name}" has explicit pads [${pads}] that hold at the source's size only`);
    return { pads };
  }
  if (PADDING[o.padding] === "VALID") return { pads: [0, 0, 0, 0] };
  if (ctx.flexible && strided) return { auto_pad: "SAME_UPPER" };
  const [, inH, inW] = ctx.tensor(op.inputs[0]).shape;
  const same = (size: number, k: number, stride: number, dilation: number) => {
    const out = Math.ceil(size / stride);
    const total = Math.max((out - 1) * stride + (k - 1) * dilation + 1 - size, 0);
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  };
  const [top, bottom] = same(inH, kh, o.strideH, dh);
  const [left, right] = same(inW, kw, o.strideW, dw);
  return { pads: [top, left, bottom, right] };
}

function emitConv(
  op: TfOp,
  ctx: Context,
  shape: number[],
  group: number,
  layout: (data: Float32Array) => Float32Array,
) {
  const o = op.options;
  positive({ strideH: o.strideH, strideW: o.strideW, dilationH: o.dilationH ?? 1, dilationW: o.dilationW ?? 1 });
  positive({ filters: shape[0], "channels per group": shape[1], "kernel height": shape[2], "kernel width": shape[3] });
  const outC = shapeOf(ctx, op.outputs[0], 4, "output")[3];
  if (outC !== shape[0]) throw new ConvertError(`output has ${outC} channels for ${shape[0]} filters`);
  const x = ctx.input(op.inputs[0]);
  const inputQuant = ctx.quant.qdq ? ctx.quantOf(op.inputs[0]) : undefined;
  const weights = inputQuant
    ? quantizedWeights(op, ctx, inputQuant, shape, layout)
    : floatWeights(op, ctx, shape, layout);
  const [, , kh, kw] = shape;
  const out = ctx.onnx.node(
    "Conv",
    [x, ...weights],
    {
      kernel_shape: [kh, kw],
      strides: [op.options.strideH, op.options.strideW],
      dilations: [op.options.dilationH ?? 1, op.options.dilationW ?? 1],
      ...padding(op, ctx, kh, kw),
      group,
    },
    ctx.tensor(op.outputs[0]).name,
  );
  ctx.output(op, out);
}

const conv2d: Handler = (op, ctx) => {
  const inC = shapeOf(ctx, op.inputs[0], 4, "input")[3];
  const shape = shapeOf(ctx, op.inputs[1], 4, "weights");
  if (shape[3] !== inC) throw new ConvertError(`weights [${shape}] do not fit ${inC} input channels`);
  emitConv(op, ctx, nchwShape(shape), 1, (data) => toChannelsFirst(data, shape));
};

const depthwise: Handler = (op, ctx) => {
  const [one, kh, kw, channels] = shapeOf(ctx, op.inputs[1], 4, "weights");
  const inC = shapeOf(ctx, op.inputs[0], 4, "input")[3];
  if (one !== 1)
    throw new ConvertError(`depthwise weights must be [1,kh,kw,C·M], are [${one},${kh},${kw},${channels}]`);
  if (channels !== inC * (op.options.depthMultiplier || 1)) {
    throw new ConvertError(
      `depthwise conv "${ctx.tensor(op.outputs[0]).name}": ${channels} filters for ${inC} channels × multiplier ${op.options.depthMultiplier}`,
    );
  }
  // [1, kh, kw, C·M] → [C·M, 1, kh, kw]
  emitConv(op, ctx, [channels, 1, kh, kw], inC, (data) => toChannelsFirst(data, [1, kh, kw, channels]));
};

const averagePool: Handler = (op, ctx) => {
  const o = op.options;
  const [, h, w] = shapeOf(ctx, op.inputs[0], 4, "input");
  shapeOf(ctx, op.outputs[0], 4, "output");
  positive({ filterH: o.filterH, filterW: o.filterW, strideH: o.strideH, strideW: o.strideW });
  const x = ctx.input(op.inputs[0]);
  const name = ctx.tensor(op.outputs[0]).name;
  const global = PADDING[o.padding] === "VALID" && o.filterH === h && o.filterW === w;
  const out = global
    ? ctx.onnx.node("GlobalAveragePool", [x], {}, name)
    : ctx.onnx.node(
        "AveragePool",
        [x],
        {
          kernel_shape: [o.filterH, o.filterW],
          strides: [o.strideH, o.strideW],
          ...padding(op, ctx, o.filterH, o.filterW),
          count_include_pad: 0,
        },
        name,
      );
  ctx.output(op, out);
};

export const convHandlers: Record<string, Handler> = {
  CONV_2D: conv2d,
  DEPTHWISE_CONV_2D: depthwise,
  AVERAGE_POOL_2D: averagePool,
};
