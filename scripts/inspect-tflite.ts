import { readFileSync } from "node:fs";
import { readTflite } from "@/lib/convert/tflite/reader";

const g = readTflite(new Uint8Array(readFileSync(process.argv[2])));
const counts: Record<string, number> = {};
for (const op of g.ops) counts[op.name] = (counts[op.name] ?? 0) + 1;
console.log(counts);
const show = (i: number) => {
  const t = g.tensors[i];
  return `${t.name}[${t.shape}]${t.type}${t.quant ? ` q(${t.quant.scale.length > 1 ? "per-ch" : t.quant.scale[0].toPrecision(4)},${t.quant.zeroPoint[0]})` : ""}${t.data ? " const" : ""}`;
};
console.log("inputs", g.inputs.map(show), "outputs", g.outputs.map(show));
if (process.argv[3])
  for (const op of g.ops)
    console.log(
      op.index,
      op.name,
      JSON.stringify(op.options),
      op.inputs.map((i) => (i < 0 ? "-" : show(i))).join(" , "),
      "->",
      op.outputs.map(show).join(","),
    );
