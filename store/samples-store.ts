"use client";
import { create } from "zustand";
import { parseSamples, type Sample } from "@/lib/samples/samples";
import { loadTruth, segmentFile, useSegmentStore } from "@/store/segment-store";

interface SamplesState {
  samples: Sample[];
  /** Why the list could not be read, if it could not. */
  error?: string;
}

export const useSamplesStore = create<SamplesState>(() => ({ samples: [] }));

let loading: Promise<void> | undefined;

/** Reads /samples/samples.json once. */
export function loadSamples(): Promise<void> {
  loading ??= fetch("/samples/samples.json", { cache: "no-cache" })
    .then(async (response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      useSamplesStore.setState({ samples: parseSamples(await response.json()) });
    })
    .catch((error: Error) =>
      useSamplesStore.setState({ error: `The samples could not be loaded (${error.message}). Run "npm run setup".` }),
    );
  return loading;
}

async function fetchFile(name: string, type: string): Promise<File> {
  const response = await fetch(`/samples/${name}`);
  if (!response.ok) throw new Error(`/samples/${name}: HTTP ${response.status}`);
  return new File([await response.blob()], name, { type });
}

/** Segments a sample, and scores it against its ground truth when it has one. */
export async function openSample(sample: Sample): Promise<void> {
  try {
    const image = await fetchFile(sample.image, sample.image.endsWith(".png") ? "image/png" : "image/jpeg");
    const run = segmentFile(image);
    const truth = sample.truth ? await fetchFile(sample.truth, "image/png") : undefined;
    await run;
    if (truth && useSegmentStore.getState().file === image) await loadTruth(truth);
  } catch (error) {
    useSegmentStore.setState({ error: `The sample could not be opened: ${(error as Error).message}` });
  }
}
