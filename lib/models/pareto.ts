/**
 * The points no other point beats: none has a cost as low and a score as high, one of them strictly
 * lower or higher (so equal points are all kept). Points whose cost or score is not a finite number are
 * left out. Returned by cost.
 */
export function paretoFront<T>(points: readonly T[], cost: (p: T) => number, score: (p: T) => number): T[] {
  const ranked = points
    .filter((p) => Number.isFinite(cost(p)) && Number.isFinite(score(p)))
    .sort((a, b) => cost(a) - cost(b) || score(b) - score(a));
  const front: T[] = [];
  for (const p of ranked) {
    const last = front.at(-1);
    const tie = last !== undefined && cost(p) === cost(last) && score(p) === score(last);
    if (last === undefined || score(p) > score(last) || tie) front.push(p);
  }
  return front;
}
