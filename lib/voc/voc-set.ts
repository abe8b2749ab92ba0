import { IMAGE_EXT, pairByName, parseIdList, stem, type Pairing } from "@/lib/voc/dataset";
import { findVocFolder, type FoundFile } from "@/lib/voc/folder";

/** Image/mask pairs to evaluate, and what could not be paired. */
export interface VocSet {
  /** Where the pairs come from, as shown to the user. */
  source: string;
  pairing: Pairing<FoundFile>;
  /** How many ids val.txt lists, when it was used. */
  listed?: number;
  /** Why there is nothing to evaluate, when there is nothing. */
  problem?: string;
  /** Chosen images in a format the page cannot read (GIF, BMP…), by file name. */
  unsupported?: string[];
}

/** Pairs by name; images in a format the page cannot read are named, and their masks not called orphans. */
function pairReadable(images: FoundFile[], masks: FoundFile[], ids?: string[]) {
  const unsupported = images.filter((f) => !IMAGE_EXT.test(f.name)).map((f) => f.name);
  const found = pairByName(images, masks, (f) => f.name, ids);
  const refused = new Set(unsupported.map(stem));
  const pairing = { ...found, masksWithoutImage: found.masksWithoutImage.filter((id) => !refused.has(id)) };
  return { pairing, unsupported };
}

const empty: Pairing<FoundFile> = { pairs: [], imagesWithoutMask: [], masksWithoutImage: [], missingFromList: [] };

/** The VOC set in a chosen folder, listed by val.txt when it has one. */
export async function setFromFolder(files: FoundFile[], name: string): Promise<VocSet> {
  const voc = findVocFolder(files);
  if (!voc) {
    return {
      source: name,
      pairing: empty,
      problem: `No VOC set found in “${name}”: it needs JPEGImages/ and SegmentationClass/ folders (in it or below it, e.g. VOCdevkit/VOC2012/).`,
    };
  }
  const ids = voc.list ? parseIdList(await (await voc.list.file()).text()) : undefined;
  const { pairing, unsupported } = pairReadable(voc.images, voc.masks, ids);
  const source = voc.root || name;
  const problem = pairing.pairs.length
    ? undefined
    : ids
      ? `No pairs: none of the ${ids.length} ids in val.txt has both an image in JPEGImages/ and a mask in SegmentationClass/.`
      : "No pairs: no image in JPEGImages/ has a mask with the same name in SegmentationClass/.";
  return { source, pairing, listed: ids?.length, problem, ...(unsupported.length ? { unsupported } : {}) };
}

/** Images and masks chosen as files, paired by name without extension. */
export function setFromFiles(images: FoundFile[], masks: FoundFile[]): VocSet {
  const count = (n: number, word: string) => `${n} chosen ${word}${n === 1 ? "" : "s"}`;
  const source = `${count(images.length, "image")} and ${count(masks.length, "mask")}`;
  if (!images.length || !masks.length) {
    return {
      source,
      pairing: empty,
      problem: `Choose the ${images.length ? "masks" : "images"} too: pairs are matched by file name.`,
    };
  }
  const { pairing, unsupported } = pairReadable(images, masks);
  const problem = pairing.pairs.length
    ? undefined
    : "No pairs: no chosen image has a mask with the same file name (without extension).";
  return { source, pairing, problem, ...(unsupported.length ? { unsupported } : {}) };
}
