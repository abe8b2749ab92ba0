/** The images the Segment page offers to try at once, listed in /samples/samples.json by the set-up. */
export interface Sample {
  id: string;
  /** What the gallery calls it. */
  title: string;
  /** File name under /samples/. */
  image: string;
  /** A VOC label PNG under /samples/, when the sample has ground truth. */
  truth?: string;
  credit: string;
}

export function parseSamples(json: unknown): Sample[] {
  const list = (json as { samples?: unknown }).samples;
  if (!Array.isArray(list)) throw new Error("samples.json has no sample list");
  return list.filter(
    (s): s is Sample =>
      typeof s?.id === "string" &&
      typeof s.title === "string" &&
      typeof s.image === "string" &&
      /^[\w.-]+$/.test(s.image) &&
      (s.truth === undefined || (typeof s.truth === "string" && /^[\w.-]+$/.test(s.truth))),
  );
}
