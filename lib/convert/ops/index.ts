import { convHandlers } from "./conv";
import { elementwiseHandlers } from "./elementwise";
import { quantHandlers } from "./quant";
import { reduceHandlers } from "./reduce";
import { shapeHandlers } from "./shape";
import type { Handler } from "./types";

/** TFLite builtin op name → handler. Adding an op touches only this table and its family file. */
export const HANDLERS: Readonly<Record<string, Handler>> = Object.freeze({
  ...convHandlers,
  ...elementwiseHandlers,
  ...shapeHandlers,
  ...quantHandlers,
  ...reduceHandlers,
});
