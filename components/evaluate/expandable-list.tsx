"use client";
import { useState } from "react";

const SHOWN = 500;

/** A summary line that opens to a list; the list is only rendered while open. */
export function ExpandableList({ summary, label, items }: { summary: string; label: string; items: string[] }) {
  const [open, setOpen] = useState(false);
  if (!items.length) return null;
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)} className="text-sm">
      <summary className="cursor-pointer">{summary}</summary>
      {open && (
        <ul aria-label={label} className="mt-1 max-h-48 columns-2 overflow-auto pl-5 font-mono text-xs sm:columns-4">
          {items.slice(0, SHOWN).map((item) => (
            <li key={item}>{item}</li>
          ))}
          {items.length > SHOWN && <li>… and {items.length - SHOWN} more</li>}
        </ul>
      )}
    </details>
  );
}
