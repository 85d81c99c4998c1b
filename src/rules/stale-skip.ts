import { lineFinder } from "../model/text.js";
import { migrationsByFile, quote } from "./lists.js";
import { error, type Finding, type Rule } from "./types.js";

export const staleSkip: Rule = {
  id: "stale-skip",
  doc: "A skip entry (of a set, or of one suite list) for a migration that does not exist.",
  check({ model, set }) {
    const known = migrationsByFile(set);
    const { source, text } = model.config;
    const findings: Finding[] = [];
    let where: ((quoted: string, from?: number) => number) | undefined; // built once, and only when something is stale
    let lineOf: ((offset: number) => number) | undefined;
    const find = (quoted: string, from?: number): number => (where ??= stringOffsets(text ?? ""))(quoted, from);
    const report = (file: string, at: number, whose: string) =>
      findings.push(
        error(
          "stale-skip",
          source ?? "mighook.config.json",
          text && at >= 0 ? (lineOf ??= lineFinder(text))(at) : null,
          `${whose} names ${quote(file)}, which is not a migration in ${set.set.dir}/ in ${model.label}`,
          "Remove the skip entry, or correct the file name.",
        ),
      );
    for (const file of Object.keys(set.set.skip)) if (!known.has(file)) report(file, find(JSON.stringify(file)), '"skip"');
    for (const suite of set.suites)
      for (const file of Object.keys(suite.skip)) {
        if (known.has(file)) continue;
        // The key as written after this suite's "file": the same name may sit in the set's skip too.
        const from = find(JSON.stringify(suite.file));
        report(file, from >= 0 ? find(JSON.stringify(file), from) : find(JSON.stringify(file)), `the "skip" of suite ${suite.file} (list \`${suite.listName}\`)`);
      }
    return findings;
  },
};

/**
 * Where JSON strings written exactly as `quoted` start in the text, at or
 * after `from`: every string is found in one pass, then each lookup is a
 * binary search (an indexOf per skip entry is quadratic: 100,000 stale skips
 * took minutes).
 */
function stringOffsets(text: string): (quoted: string, from?: number) => number {
  const offsets = new Map<string, number[]>();
  for (const m of text.matchAll(/"(?:[^"\\\n]|\\.)*"/g)) (offsets.get(m[0]) ?? offsets.set(m[0], []).get(m[0])!).push(m.index);
  return (quoted, from = 0) => {
    const at = offsets.get(quoted);
    if (!at) return -1;
    let lo = 0;
    let hi = at.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < at.length ? at[lo]! : -1;
  };
}
