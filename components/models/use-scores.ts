"use client";
import { useEffect, useState } from "react";
import { parseScores, type ModeScore } from "@/lib/models/configurations";

/** The models:table scores the app ships (public/models/scores.json, copied from docs/ at set-up). */
export function useScores(): { scores?: ModeScore[]; error?: string } {
  const [state, setState] = useState<{ scores?: ModeScore[]; error?: string }>({});
  useEffect(() => {
    let live = true;
    fetch("/models/scores.json", { cache: "no-cache" })
      .then(async (response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return parseScores(await response.json());
      })
      .then(
        (scores) => live && setState({ scores }),
        (error: Error) =>
          live &&
          setState({ error: `The scores could not be loaded (${error.message}). Run "npm run setup" and reload.` }),
      );
    return () => {
      live = false;
    };
  }, []);
  return state;
}
