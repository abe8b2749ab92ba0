// npm run eval -- --model-file: the page's bring-your-own-model conversion, from files on disk.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { OwnModelError, prepareTflite, type PreparedModel } from "@/lib/own-model/prepare";

export async function prepareModelFile(path: string, labelsPath?: string): Promise<PreparedModel> {
  const read = (p: string, what: string) => {
    try {
      return new Uint8Array(readFileSync(p));
    } catch (error) {
      throw new OwnModelError(`cannot read the ${what} ${p}: ${(error as Error).message}`);
    }
  };
  const labels = labelsPath
    ? { name: basename(labelsPath), text: new TextDecoder().decode(read(labelsPath, "labels file")) }
    : undefined;
  return prepareTflite(read(path, "model file"), basename(path), { labels });
}
