import type { Fit } from "@/lib/pipeline/modes";

/** A point's shape says its fit: circle = stretch, square = pad, diamond = native. */
export function Marker({
  fit,
  x,
  y,
  r,
  ...rest
}: { fit: Fit; x: number; y: number; r: number } & React.SVGProps<SVGPathElement>) {
  const d =
    fit === "stretch"
      ? `M${x - r},${y}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`
      : fit === "pad"
        ? `M${x - r * 0.9},${y - r * 0.9}h${1.8 * r}v${1.8 * r}h${-1.8 * r}z`
        : `M${x},${y - r * 1.25}l${r * 1.25},${r * 1.25}l${-r * 1.25},${r * 1.25}l${-r * 1.25},${-r * 1.25}z`;
  return <path d={d} {...rest} />;
}

/** A five-pointed star: the paper's reference figure. */
export function Star({ x, y, r, ...rest }: { x: number; y: number; r: number } & React.SVGProps<SVGPathElement>) {
  const points = Array.from({ length: 10 }, (_, i) => {
    const radius = i % 2 ? r * 0.45 : r;
    const angle = (i * Math.PI) / 5 - Math.PI / 2;
    return `${(x + radius * Math.cos(angle)).toFixed(2)},${(y + radius * Math.sin(angle)).toFixed(2)}`;
  });
  return <path d={`M${points.join("L")}z`} {...rest} />;
}

/** Model colours (Okabe–Ito), readable on light and dark backgrounds. */
export const MODEL_COLORS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#A6761D", "#999999"];
