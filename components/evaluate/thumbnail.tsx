"use client";
import { useEffect, useState } from "react";
import type { FoundFile } from "@/lib/voc/folder";

/** A small preview through an object URL that lives only while the thumbnail is shown. */
export function Thumbnail({ file }: { file: FoundFile }) {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    let live = true;
    let made: string | undefined;
    file.file().then(
      (f) => {
        if (!live) return;
        made = URL.createObjectURL(f);
        setUrl(made);
      },
      () => {},
    );
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [file]);
  const box = "h-12 w-16 shrink-0 rounded bg-neutral-200 object-cover dark:bg-neutral-800";
  return url ? (
    // A blob: URL of a local file: next/image has nothing to optimise here.
    // eslint-disable-next-line @next/next/no-img-element
    <img src={url} alt="" loading="lazy" decoding="async" className={box} />
  ) : (
    <span aria-hidden className={`block ${box}`} />
  );
}
