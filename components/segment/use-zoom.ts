"use client";
import { useEffect, useRef, useState } from "react";
import { boxPoint, NO_ZOOM, panBy, pixelAt, zoomAt, type Zoom } from "@/lib/render/zoom";
import { pointAt } from "@/store/segment-store";

const STEP = 1.5;

/**
 * Zoom and pan for the viewer's stage: wheel or pinch to zoom, drag to pan, + − 0 keys; arrow keys move a
 * cursor whose class is read out, Shift+arrows pan. `size` is the image's; the zoom resets when `resetKey` changes.
 */
export function useZoom(size: { width: number; height: number } | undefined, resetKey: unknown) {
  const stageRef = useRef<HTMLDivElement>(null);
  const [zoom, setZoom] = useState<Zoom>(NO_ZOOM);
  const [cursor, setCursor] = useState<{ x: number; y: number }>();
  const pointers = useRef(new Map<number, { x: number; y: number }>());

  const [shownKey, setShownKey] = useState(resetKey);
  if (shownKey !== resetKey) {
    setShownKey(resetKey);
    setZoom(NO_ZOOM);
    setCursor(undefined);
  }

  const box = () => stageRef.current!.getBoundingClientRect();

  useEffect(() => {
    const stage = stageRef.current;
    if (!stage) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = stage.getBoundingClientRect();
      setZoom((z) => zoomAt(z, Math.exp(-e.deltaY / 300), e.clientX - r.left, e.clientY - r.top, r.width, r.height));
    };
    stage.addEventListener("wheel", onWheel, { passive: false });
    return () => stage.removeEventListener("wheel", onWheel);
  }, []);

  function readOut(e: React.PointerEvent) {
    if (!size) return;
    const r = box();
    const p = pixelAt(zoom, e.clientX - r.left, e.clientY - r.top, r.width, r.height, size.width, size.height);
    pointAt(p.x, p.y);
  }

  const onPointerDown = (e: React.PointerEvent) => {
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    e.currentTarget.setPointerCapture?.(e.pointerId);
  };

  const onPointerMove = (e: React.PointerEvent) => {
    const last = pointers.current.get(e.pointerId);
    if (!last) return readOut(e);
    const r = box();
    const others = [...pointers.current.entries()].filter(([id]) => id !== e.pointerId);
    if (others.length === 1) {
      // Pinch: the distance between the two pointers sets the zoom, around their midpoint.
      const o = others[0][1];
      const before = Math.hypot(last.x - o.x, last.y - o.y);
      const after = Math.hypot(e.clientX - o.x, e.clientY - o.y);
      const mx = (e.clientX + o.x) / 2 - r.left;
      const my = (e.clientY + o.y) / 2 - r.top;
      if (before > 0) setZoom((z) => zoomAt(z, after / before, mx, my, r.width, r.height));
    } else {
      setZoom((z) => panBy(z, e.clientX - last.x, e.clientY - last.y, r.width, r.height));
    }
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
  };

  const onPointerUp = (e: React.PointerEvent) => {
    pointers.current.delete(e.pointerId);
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (!size) return;
    const r = box();
    const at = cursor ?? { x: Math.floor(size.width / 2), y: Math.floor(size.height / 2) };
    const centre = boxPoint(zoom, at.x, at.y, r.width, r.height, size.width, size.height);
    const arrows: Record<string, [number, number]> = {
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
      ArrowUp: [0, -1],
      ArrowDown: [0, 1],
    };
    if (e.key === "+" || e.key === "=") setZoom((z) => zoomAt(z, STEP, centre.px, centre.py, r.width, r.height));
    else if (e.key === "-" || e.key === "_")
      setZoom((z) => zoomAt(z, 1 / STEP, centre.px, centre.py, r.width, r.height));
    else if (e.key === "0") setZoom(NO_ZOOM);
    else if (e.key in arrows) {
      const [dx, dy] = arrows[e.key];
      if (e.shiftKey) setZoom((z) => panBy(z, -dx * r.width * 0.1, -dy * r.height * 0.1, r.width, r.height));
      else {
        // About 1/50 of the visible image per press, at least one pixel.
        const step = Math.max(1, Math.round(Math.max(size.width, size.height) / 50 / zoom.scale));
        const next = {
          x: Math.min(size.width - 1, Math.max(0, at.x + dx * step)),
          y: Math.min(size.height - 1, Math.max(0, at.y + dy * step)),
        };
        setCursor(next);
        pointAt(next.x, next.y, true);
      }
    } else return;
    e.preventDefault();
  };

  return {
    stageRef,
    zoom,
    cursor,
    handlers: {
      onPointerDown,
      onPointerMove,
      onPointerUp,
      onPointerCancel: onPointerUp,
      onPointerLeave: (e: React.PointerEvent) => !pointers.current.has(e.pointerId) && pointAt(),
      onKeyDown,
    },
  };
}
