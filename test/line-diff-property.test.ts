import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffLines } from "../src/model/line-diff.js";

// The line diff behind unconfigured-list ("whose lines the change touches"),
// on random texts of a few distinct lines, so that lines repeat and move.
// Fixed seed; `npm run fuzz` runs it longer (MIGHOOK_FUZZ_RUNS).
describe("diffLines, property-based", () => {
  it("diffs lines so that the kept lines of both sides agree (property, fixed seed)", () => {
    const lines = fc.array(fc.constantFrom("a", "b", "c", '"001_a.sql",', "}"), { maxLength: 30 });
    fc.assert(
      fc.property(lines, lines, (before, after) => {
        const { added, removed } = diffLines(before, after);
        const addedSet = new Set(added);
        const keptNew = after.filter((_, i) => !addedSet.has(i + 1));
        // What the diff keeps of the new text is a subsequence of the old one,
        // and the old text is exactly that plus what it removes.
        let k = 0;
        for (const line of before) if (k < keptNew.length && keptNew[k] === line) k++;
        expect(k).toBe(keptNew.length);
        const count = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
        expect(count([...keptNew, ...removed.map((r) => r.text)])).toEqual(count(before));
        // Each removal's place lies within the new text.
        for (const r of removed) expect(r.after >= 0 && r.after <= after.length).toBe(true);
        if (before.join("\n") === after.join("\n")) expect(added.length + removed.length).toBe(0);
      }),
      { seed: 10, numRuns: Number(process.env.MIGHOOK_FUZZ_RUNS ?? 300) },
    );
  });
});
