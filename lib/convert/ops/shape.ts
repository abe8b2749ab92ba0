import type { Context } from "@/lib/convert/context";
import { producer } from "@/lib/convert/rewrite/consumers";
import { ConvertError, nchwAxis } from "@/lib/convert/tensors";
import { positive, shapeOf } from "@/lib/convert/ops/checks";
import type { Handler } from "@/lib/convert/ops/types";

const concatenation: Handler = (op, ctx) => {
  const rank = ctx.tensor(op.outputs[0]).shape.length;
  for (const i of op.inputs) shapeOf(ctx, i, rank, "input");
  const axis = op.options.axis;
  if (!(axis >= -rank && axis < rank)) throw new ConvertError(`axis ${axis} is outside rank ${rank}`);
  const inputs = op.inputs.map((i) => ctx.input(i));
  const out = ctx.onnx.node("Concat", inputs, { axis: nchwAxis(axis, rank) }, ctx.tensor(op.outputs[0]).name);
  ctx.output(op, out);
};

const resizeBilinear: Handler = (op, ctx) => {
  const out = ctx.tensor(op.outputs[0]);
  const sizes = ctx.ints(op.inputs[1]);
  if (sizes.length !== 2) throw new ConvertError(`size tensor holds [${sizes}], expected [height, width]`);
  const [newH, newW] = sizes;
  positive({ "output height": newH, "output width": newW });
  const [n, , , c] = shapeOf(ctx, op.inputs[0], 4, "input");
  if (op.options.alignCorners && op.options.halfPixelCenters) {
    throw new ConvertError(`RESIZE_BILINEAR "${out.name}" sets both align_corners and half_pixel_centers`);
  }
  const mode = op.options.alignCorners ? "align_corners" : op.options.halfPixelCenters ? "half_pixel" : "asymmetric";
  const g = ctx.onnx;
  const like = ctx.flexible ? sameSizeAncestor(ctx, op.inputs[0], newH, newW) : undefined;
  if (ctx.flexible && like === undefined)
    ctx.pin(`"${out.name}" resizes to a fixed ${newH}×${newW} that no tensor before it has`);
  const sizesValue =
    like === undefined
      ? g.int64s(`${out.name}/sizes`, [n, c, newH, newW])
      : g.node(
          "Concat",
          [
            g.int64s(`${out.name}/batch_channels`, [n, c]),
            g.node("Shape", [shapeSource(ctx, like)], { start: 2 }, `${out.name}/hw`),
          ],
          { axis: 0 },
          `${out.name}/sizes`,
        );
  const value = g.node(
    "Resize",
    [ctx.input(op.inputs[0]), "", "", sizesValue],
    { mode: "linear", coordinate_transformation_mode: mode },
    out.name,
  );
  ctx.output(op, value);
};

/**
 * TF computes a resize's size from a tensor's shape and TFLite stores the result as a constant. The
 * nearest tensor up the data path (first inputs) with that size is the one it follows: the feature
 * map for the image-pooling broadcast, the image for a resize back to the input size.
 */
function sameSizeAncestor(ctx: Context, from: number, h: number, w: number): number | undefined {
  const seen = new Set<number>();
  for (let i: number | undefined = from; i !== undefined && !seen.has(i); i = producer(ctx.tf, i)?.inputs[0]) {
    seen.add(i);
    const [, th, tw] = ctx.tensor(i).shape;
    if (!ctx.isConstant(i) && th === h && tw === w) return i;
  }
  return undefined;
}

/** The value to read a tensor's shape from: the integer one before a DequantizeLinear, which spares a dequantization. */
function shapeSource(ctx: Context, index: number): string {
  const value = ctx.input(index);
  const dq = ctx.onnx.nodes.find((n) => n.outputs[0] === value && n.opType === "DequantizeLinear");
  return dq ? dq.inputs[0] : value;
}

export const shapeHandlers: Record<string, Handler> = {
  CONCATENATION: concatenation,
  RESIZE_BILINEAR: resizeBilinear,
};
