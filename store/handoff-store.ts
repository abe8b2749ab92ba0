"use client";
import { create } from "zustand";

export interface Handoff {
  image: File;
  mask: File;
}

interface HandoffState {
  image?: File;
  mask?: File;
  /** Leaves an image and its ground truth for the Segment page. */
  give(handoff: Handoff): void;
  /** Returns what was left (once) and clears it. */
  take(): Handoff | undefined;
}

/** Hands an image + ground-truth pair from the Evaluate page to the Segment page (/). */
export const useHandoffStore = create<HandoffState>((set, get) => ({
  give: ({ image, mask }) => set({ image, mask }),
  take: () => {
    const { image, mask } = get();
    if (!image || !mask) return undefined;
    set({ image: undefined, mask: undefined });
    return { image, mask };
  },
}));
