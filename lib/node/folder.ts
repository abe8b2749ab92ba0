import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { MAX_FILES, type FoundFile } from "@/lib/voc/folder";

/** Every file below a folder, as the page's folder picker lists them (paths relative to it). */
export function listFolder(dir: string): FoundFile[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`VOC folder not found: ${dir}`);
  const paths = readdirSync(dir, { recursive: true, encoding: "utf8" });
  if (paths.length > MAX_FILES) {
    throw new Error(
      `${dir} holds more than ${MAX_FILES.toLocaleString("en")} files; choose the VOCdevkit folder itself.`,
    );
  }
  return paths
    .map((p) => p.split("\\").join("/"))
    .filter((p) => statSync(join(dir, p)).isFile())
    .map((path) => {
      const name = basename(path);
      return { path, name, file: async () => new File([readFileSync(join(dir, path))], name) };
    });
}
