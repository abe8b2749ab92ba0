import { convHandlers } from "@/lib/convert/ops/conv";
import { elementwiseHandlers } from "@/lib/convert/ops/elementwise";
import { quantHandlers } from "@/lib/convert/ops/quant";
import { reduceHandlers } from "@/lib/convert/ops/reduce";
import { shapeHandlers } from "@/lib/convert/ops/shape";
import type { Handler } from "@/lib/convert/ops/types";

/** TFLite builtin op name → handler. Adding an op touches only this table and its family file. */
export const HANDLERS: Readonly<Record<string, Handler>> = Object.freeze({
  ...convHandlers,
  ...elementwiseHandlers,
  ...shapeHandlers,
  ...quantHandlers,
  ...reduceHandlers,
});
