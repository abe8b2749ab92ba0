/** Finds a VOC set (JPEGImages/, SegmentationClass/, ImageSets/Segmentation/val.txt) in a chosen or dropped folder. */

/** A file under the chosen folder; its File is only fetched when needed. */
export interface FoundFile {
  /** "/"-separated path from the chosen folder, e.g. "VOCdevkit/VOC2012/JPEGImages/2007_000033.jpg". */
  path: string;
  name: string;
  file(): Promise<File>;
}

export interface VocFolder {
  /** Path of the folder holding JPEGImages/ and SegmentationClass/ ("" when it is the chosen one). */
  root: string;
  images: FoundFile[];
  masks: FoundFile[];
  /** ImageSets/Segmentation/val.txt, when present. */
  list?: FoundFile;
}

/** Refuses to walk folders far larger than a VOCdevkit (about 50,000 files). */
export const MAX_FILES = 250_000;

export function fromFiles(files: Iterable<File>): FoundFile[] {
  return [...files].map((f) => ({ path: f.webkitRelativePath || f.name, name: f.name, file: async () => f }));
}

/** The dropped entries; must be called while the drop event is being handled. */
export function droppedEntries(items: DataTransferItemList): FileSystemEntry[] {
  return Array.from(items, (item) => item.webkitGetAsEntry()).filter((e): e is FileSystemEntry => e !== null);
}

function readBatch(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

/** Every file below the given entries (directories walked in depth). */
export async function walkEntries(entries: FileSystemEntry[]): Promise<FoundFile[]> {
  const found: FoundFile[] = [];
  const pending = [...entries];
  while (pending.length) {
    const entry = pending.pop()!;
    if (entry.isFile) {
      const fileEntry = entry as FileSystemFileEntry;
      found.push({
        path: entry.fullPath.replace(/^\/+/, ""),
        name: entry.name,
        file: () => new Promise((resolve, reject) => fileEntry.file(resolve, reject)),
      });
      if (found.length > MAX_FILES)
        throw new Error(
          `This folder holds more than ${MAX_FILES.toLocaleString("en")} files; choose the VOCdevkit folder itself.`,
        );
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      // readEntries returns at most ~100 entries per call, then an empty batch at the end.
      for (let batch = await readBatch(reader); batch.length; batch = await readBatch(reader)) pending.push(...batch);
    }
  }
  return found;
}

const parentOf = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf("/")));
const join = (root: string, rest: string) => (root ? `${root}/${rest}` : rest);

/** The VOC set below the chosen folder; where several qualify, the one with the most masks. */
export function findVocFolder(files: FoundFile[]): VocFolder | undefined {
  const images = new Map<string, FoundFile[]>();
  const masks = new Map<string, FoundFile[]>();
  for (const f of files) {
    const dir = parentOf(f.path);
    const folder = dir.slice(dir.lastIndexOf("/") + 1);
    const target = folder === "JPEGImages" ? images : folder === "SegmentationClass" ? masks : undefined;
    if (!target) continue;
    const root = parentOf(dir);
    const list = target.get(root);
    if (list) list.push(f);
    else target.set(root, [f]);
  }
  const roots = [...masks.keys()].filter((r) => images.has(r));
  if (!roots.length) return undefined;
  roots.sort((a, b) => masks.get(b)!.length - masks.get(a)!.length || a.length - b.length);
  const root = roots[0];
  const listPath = join(root, "ImageSets/Segmentation/val.txt");
  return { root, images: images.get(root)!, masks: masks.get(root)!, list: files.find((f) => f.path === listPath) };
}
