/** Pairs VOC images with their masks by file name, as both the CLI and the evaluation page do. */

export interface Pair<T> {
  id: string;
  image: T;
  mask: T;
}

export interface Pairing<T> {
  pairs: Pair<T>[];
  imagesWithoutMask: string[];
  masksWithoutImage: string[];
  /** Ids listed in val.txt that have no image or no mask. */
  missingFromList: string[];
}

export const IMAGE_EXT = /\.(jpe?g|png|webp)$/i;
const MASK_EXT = /\.png$/i;

export const stem = (name: string) => name.replace(/^.*[/\\]/, "").replace(/\.[^.]*$/, "");

/** Ids in an ImageSets list (one per line; extra columns ignored). */
export function parseIdList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim().split(/\s+/)[0])
    .filter(Boolean);
}

export function pairByName<T>(images: T[], masks: T[], nameOf: (f: T) => string, ids?: string[]): Pairing<T> {
  const imageById = new Map(images.filter((f) => IMAGE_EXT.test(nameOf(f))).map((f) => [stem(nameOf(f)), f]));
  const maskById = new Map(masks.filter((f) => MASK_EXT.test(nameOf(f))).map((f) => [stem(nameOf(f)), f]));
  const order = ids ?? [...imageById.keys()].sort();
  const pairs: Pair<T>[] = [];
  const missingFromList: string[] = [];
  for (const id of order) {
    const image = imageById.get(id);
    const mask = maskById.get(id);
    if (image && mask) pairs.push({ id, image, mask });
    else if (ids) missingFromList.push(id);
  }
  const listed = new Set(order);
  return {
    pairs,
    imagesWithoutMask: [...imageById.keys()].filter((id) => !maskById.has(id) && (!ids || listed.has(id))).sort(),
    masksWithoutImage: [...maskById.keys()].filter((id) => !imageById.has(id) && (!ids || listed.has(id))).sort(),
    missingFromList,
  };
}
