import { describe, expect, it } from "vitest";
import { paretoFront } from "@/lib/models/pareto";

type P = { name: string; cost: number; score: number };
const front = (points: P[]) =>
  paretoFront(
    points,
    (p) => p.cost,
    (p) => p.score,
  ).map((p) => p.name);

/** Every point that no other point dominates, by brute force. */
function bruteForce(points: P[]): string[] {
  const finite = points.filter((p) => Number.isFinite(p.cost) && Number.isFinite(p.score));
  const beats = (a: P, b: P) => a.cost <= b.cost && a.score >= b.score && (a.cost < b.cost || a.score > b.score);
  return finite
    .filter((p) => !finite.some((q) => beats(q, p)))
    .sort((a, b) => a.cost - b.cost)
    .map((p) => p.name);
}

describe("paretoFront", () => {
  it("keeps the cheapest point and every point that buys a higher score", () => {
    const points: P[] = [
      { name: "slow and poor", cost: 30, score: 60 },
      { name: "cheap", cost: 1, score: 50 },
      { name: "best", cost: 40, score: 75 },
      { name: "middle", cost: 10, score: 70 },
      { name: "dominated", cost: 12, score: 69 },
    ];
    expect(front(points)).toEqual(["cheap", "middle", "best"]);
  });

  it("keeps only the higher score at equal cost, and drops a point that costs more for the same score", () => {
    const points: P[] = [
      { name: "a", cost: 5, score: 60 },
      { name: "b", cost: 5, score: 65 },
      { name: "c", cost: 6, score: 65 },
    ];
    expect(front(points)).toEqual(["b"]);
  });

  it("leaves out points not measured yet", () => {
    const points: P[] = [
      { name: "unmeasured", cost: NaN, score: 90 },
      { name: "measured", cost: 3, score: 60 },
    ];
    expect(front(points)).toEqual(["measured"]);
  });

  it("agrees with a brute-force search on random sets", () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 200; trial++) {
      const points = Array.from({ length: 1 + Math.floor(random() * 30) }, (_, i) => ({
        name: String(i),
        cost: Math.floor(random() * 10),
        score: Math.floor(random() * 10),
      }));
      expect(front(points)).toEqual(bruteForce(points));
    }
  });
});
