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
  const sizesValue = g.int64s(`${out.name}/sizes`, [n, c, newH, newW]);
  const value = g.node(
    "Resize",
    [ctx.input(op.inputs[0]), "", "", sizesValue],
    { mode: "linear", coordinate_transformation_mode: mode },
    out.name,
  );
  ctx.output(op, value);
};

export const shapeHandlers: Record<string, Handler> = {
  CONCATENATION: concatenation,
  RESIZE_BILINEAR: resizeBilinear,
};
