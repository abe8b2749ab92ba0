import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSamples } from "@/lib/samples/samples";
import { missingShared, SHARED_MODELS, VOC, vocIds } from "@/test/helpers/paths";
import { buildSamples } from "@/scripts/samples";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe.skipIf(missingShared("models") || missingShared("voc"))("the sample gallery set-up", () => {
  it("ships the golden image, byte for byte, and no VOC image unless a VOC folder is given", async () => {
    const out = mkdtempSync(join(tmpdir(), "samples-"));
    const samples = await buildSamples(out, "");
    expect(samples.map((s) => s.id)).toEqual(["golden"]);
    expect(readdirSync(out).sort()).toEqual(["golden.jpg", "samples.json"]);
    const golden = readFileSync(join(out, "golden.jpg"));
    expect(sha256(golden)).toBe(sha256(readFileSync(`${SHARED_MODELS}/testdata/segmentation_input_rotation0.jpg`)));
    expect(parseSamples(JSON.parse(readFileSync(join(out, "samples.json"), "utf8")))).toEqual(samples);
  });

  it("adds the first VOC pairs, image and mask, when a VOC folder is configured", async () => {
    const out = mkdtempSync(join(tmpdir(), "samples-"));
    const samples = await buildSamples(out, VOC);
    const ids = vocIds(6);
    expect(samples.slice(1).map((s) => [s.image, s.truth])).toEqual(ids.map((id) => [`${id}.jpg`, `${id}.png`]));
    for (const id of ids) {
      expect(readFileSync(join(out, `${id}.png`)).equals(readFileSync(`${VOC}/SegmentationClass/${id}.png`))).toBe(
        true,
      );
    }
  });
});

describe("parseSamples", () => {
  it("drops entries whose file names could leave /samples/", () => {
    const list = parseSamples({
      samples: [
        { id: "a", title: "A", image: "a.jpg", credit: "" },
        { id: "b", title: "B", image: "../secret.jpg", credit: "" },
        { id: "c", title: "C", image: "c.jpg", truth: "sub/c.png", credit: "" },
      ],
    });
    expect(list.map((s) => s.id)).toEqual(["a"]);
    expect(() => parseSamples({})).toThrow(/no sample list/);
  });
});
