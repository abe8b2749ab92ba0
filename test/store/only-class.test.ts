// "Only this class" hides every class of the shown model, however many it has, not only VOC's 21.
import { expect, test } from "vitest";
import { onlyClass, showAllClasses, useSegmentStore, type Result } from "@/store/segment-store";

test("Only this class on a 150-class model hides classes 21–149 too", () => {
  const result = { counts: new Float64Array(150), close: () => {} } as unknown as Result;
  useSegmentStore.setState({ result });
  onlyClass(3);
  const hidden = new Set(useSegmentStore.getState().hidden);
  expect(hidden.has(3)).toBe(false);
  for (let c = 0; c < 150; c++) if (c !== 3) expect(hidden.has(c), `class ${c} hidden`).toBe(true);
  showAllClasses();
  expect(useSegmentStore.getState().hidden).toEqual([]);
});
