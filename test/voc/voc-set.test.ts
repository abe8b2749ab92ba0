import { describe, expect, it } from "vitest";
import { findVocFolder, walkEntries, type FoundFile } from "@/lib/voc/folder";
import { setFromFiles, setFromFolder } from "@/lib/voc/voc-set";

const found = (path: string, text = ""): FoundFile => ({
  path,
  name: path.slice(path.lastIndexOf("/") + 1),
  file: async () => new File([text], path.slice(path.lastIndexOf("/") + 1)),
});

const devkit = (root: string, images: string[], masks: string[]) => [
  ...images.map((id) => found(`${root}/JPEGImages/${id}.jpg`)),
  ...masks.map((id) => found(`${root}/SegmentationClass/${id}.png`)),
];

describe("findVocFolder", () => {
  it("finds the set below the chosen folder, with its val.txt", () => {
    const files = [
      ...devkit("VOCdevkit/VOC2012", ["a", "b"], ["a"]),
      found("VOCdevkit/VOC2012/ImageSets/Segmentation/val.txt"),
      found("VOCdevkit/VOC2012/ImageSets/Segmentation/train.txt"),
      found("VOCdevkit/README.txt"),
    ];
    const voc = findVocFolder(files)!;
    expect(voc.root).toBe("VOCdevkit/VOC2012");
    expect(voc.images.map((f) => f.name).sort()).toEqual(["a.jpg", "b.jpg"]);
    expect(voc.masks.map((f) => f.name)).toEqual(["a.png"]);
    expect(voc.list?.path).toBe("VOCdevkit/VOC2012/ImageSets/Segmentation/val.txt");
  });

  it("picks the set with the most masks and needs both folders", () => {
    const files = [
      ...devkit("small", ["a"], ["a"]),
      ...devkit("big", ["a", "b"], ["a", "b"]),
      ...devkit("", [], ["x"]),
    ];
    expect(findVocFolder(files)!.root).toBe("big");
    expect(findVocFolder(devkit("only-masks", [], ["a"]))).toBeUndefined();
  });
});

describe("setFromFolder", () => {
  it("evaluates the ids val.txt lists, in its order, and counts what is missing", async () => {
    const files = [
      ...devkit("VOC2012", ["a", "b", "c", "d"], ["a", "b", "d", "e"]),
      found("VOC2012/ImageSets/Segmentation/val.txt", "d\nb\nc\n\n"),
    ];
    const set = await setFromFolder(files, "VOC2012");
    expect(set.problem).toBeUndefined();
    expect(set.listed).toBe(3);
    expect(set.pairing.pairs.map((p) => p.id)).toEqual(["d", "b"]);
    expect(set.pairing.missingFromList).toEqual(["c"]);
    expect(set.pairing.imagesWithoutMask).toEqual(["c"]);
    expect(set.pairing.masksWithoutImage).toEqual([]);
  });

  it("pairs every image with its mask when there is no val.txt", async () => {
    const set = await setFromFolder(devkit("", ["b", "a", "c"], ["a", "b", "z"]), "chosen");
    expect(set.source).toBe("chosen");
    expect(set.pairing.pairs.map((p) => p.id)).toEqual(["a", "b"]);
    expect(set.pairing.imagesWithoutMask).toEqual(["c"]);
    expect(set.pairing.masksWithoutImage).toEqual(["z"]);
  });

  it("names an image in a format the page cannot read, and does not call its mask an orphan", async () => {
    const files = [...devkit("", ["a"], ["a", "anim"]), found("JPEGImages/anim.gif")];
    const set = await setFromFolder(files, "chosen");
    expect(set.unsupported).toEqual(["anim.gif"]);
    expect(set.pairing.pairs.map((p) => p.id)).toEqual(["a"]);
    expect(set.pairing.masksWithoutImage).toEqual([]);
  });

  it("names the problem when there is no VOC layout or no pair", async () => {
    expect((await setFromFolder([found("photos/cat.jpg")], "photos")).problem).toMatch(/No VOC set found in “photos”/);
    const unpaired = await setFromFolder(devkit("", ["a"], ["b"]), "x");
    expect(unpaired.pairing.pairs).toEqual([]);
    expect(unpaired.problem).toMatch(/^No pairs/);
  });
});

describe("setFromFiles", () => {
  it("matches chosen files by name without extension", () => {
    const set = setFromFiles(
      [found("a.jpg"), found("b.webp"), found("notes.txt")],
      [found("a.png"), found("b.png"), found("c.png")],
    );
    expect(set.pairing.pairs.map((p) => [p.image.name, p.mask.name])).toEqual([
      ["a.jpg", "a.png"],
      ["b.webp", "b.png"],
    ]);
    expect(set.pairing.masksWithoutImage).toEqual(["c"]);
    expect(set.source).toBe("3 chosen images and 3 chosen masks");
  });

  it("reports images in formats it cannot read, and does not call their masks orphans", () => {
    const set = setFromFiles([found("a.jpg"), found("anim.gif")], [found("a.png"), found("anim.png"), found("c.png")]);
    expect(set.unsupported).toEqual(["anim.gif"]);
    expect(set.pairing.masksWithoutImage).toEqual(["c"]);
    expect(set.pairing.pairs.map((p) => p.id)).toEqual(["a"]);
    expect(setFromFiles([found("a.jpg")], [found("a.png")]).unsupported).toBeUndefined();
  });

  it("asks for the other half when only one kind was chosen", () => {
    expect(setFromFiles([found("a.jpg")], []).problem).toMatch(/Choose the masks too/);
    expect(setFromFiles([], [found("a.png")]).problem).toMatch(/Choose the images too/);
  });
});

describe("walkEntries", () => {
  // Minimal stand-ins for the File System entries a drop hands over.
  function fileEntry(fullPath: string): FileSystemEntry {
    const name = fullPath.slice(fullPath.lastIndexOf("/") + 1);
    return {
      isFile: true,
      isDirectory: false,
      name,
      fullPath,
      file: (ok: (f: File) => void) => ok(new File(["x"], name)),
    } as unknown as FileSystemEntry;
  }
  function dirEntry(fullPath: string, children: FileSystemEntry[], batch: number): FileSystemEntry {
    return {
      isFile: false,
      isDirectory: true,
      name: fullPath.slice(fullPath.lastIndexOf("/") + 1),
      fullPath,
      createReader() {
        let at = 0;
        return { readEntries: (ok: (e: FileSystemEntry[]) => void) => ok(children.slice(at, (at += batch))) };
      },
    } as unknown as FileSystemEntry;
  }

  it("walks nested folders across several readEntries batches", async () => {
    const images = Array.from({ length: 7 }, (_, i) => fileEntry(`/VOC/JPEGImages/${i}.jpg`));
    const tree = dirEntry("/VOC", [dirEntry("/VOC/JPEGImages", images, 3), fileEntry("/VOC/readme.txt")], 1);
    const files = await walkEntries([tree]);
    expect(files.map((f) => f.path).sort()).toEqual(
      [...images.map((e) => e.fullPath.slice(1)), "VOC/readme.txt"].sort(),
    );
    expect((await files[0].file()).size).toBe(1);
  });
});
