import { ConvertError, nchwAxis } from "@/lib/convert/tensors";
import type { Handler } from "@/lib/convert/ops/types";

const concatenation: Handler = (op, ctx) => {
  const rank = ctx.tensor(op.outputs[0]).shape.length;
  const inputs = op.inputs.map((i) => ctx.input(i));
  const out = ctx.onnx.node(
    "Concat",
    inputs,
    { axis: nchwAxis(op.options.axis, rank) },
    ctx.tensor(op.outputs[0]).name,
  );
  ctx.output(op, out);
};

const resizeBilinear: Handler = (op, ctx) => {
  const out = ctx.tensor(op.outputs[0]);
  const [newH, newW] = ctx.ints(op.inputs[1]);
  const [n, , , c] = ctx.tensor(op.inputs[0]).shape;
  if (op.options.alignCorners && op.options.halfPixelCenters) {
    throw new ConvertError(`RESIZE_BILINEAR "${out.name}" sets both align_corners and half_pixel_centers`);
  }
  const mode = op.options.alignCorners ? "align_corners" : op.options.halfPixelCenters ? "half_pixel" : "asymmetric";
  const g = ctx.onnx;
  const sizes = g.int64s(`${out.name}/sizes`, [n, c, newH, newW]);
  const value = g.node(
    "Resize",
    [ctx.input(op.inputs[0]), "", "", sizes],
    { mode: "linear", coordinate_transformation_mode: mode },
    out.name,
  );
  ctx.output(op, value);
};

export const shapeHandlers: Record<string, Handler> = {
  CONCATENATION: concatenation,
  RESIZE_BILINEAR: resizeBilinear,
};
