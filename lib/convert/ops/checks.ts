import type { Context } from "@/lib/convert/context";
import { ConvertError } from "@/lib/convert/tensors";

/** The declared shape of tensor `index`, which must have rank `rank`. */
export function shapeOf(ctx: Context, index: number, rank: number, role: string): number[] {
  const t = ctx.tensor(index);
  if (t.shape.length !== rank)
    throw new ConvertError(`${role} "${t.name}" must have rank ${rank}, has shape [${t.shape}]`);
  return t.shape;
}

/** Throws unless every value is a positive integer (strides, dilations, kernel and output sizes). */
export function positive(values: Record<string, number | undefined>) {
  for (const [name, v] of Object.entries(values))
    if (!(Number.isSafeInteger(v) && v! >= 1)) throw new ConvertError(`${name} must be a positive integer, is ${v}`);
}
