import { lineAt } from "../model/text.js";
import { migrationsByFile, quote } from "./lists.js";
import { error, type Finding, type Rule } from "./types.js";

export const staleSkip: Rule = {
  id: "stale-skip",
  doc: "A skip entry (of a set, or of one suite list) for a migration that does not exist.",
  check({ model, set }) {
    const known = migrationsByFile(set);
    const { source, text } = model.config;
    const findings: Finding[] = [];
    const report = (file: string, at: number, whose: string) =>
      findings.push(
        error(
          "stale-skip",
          source ?? "mighook.config.json",
          text && at >= 0 ? lineAt(text, at) : null,
          `${whose} names ${quote(file)}, which is not a migration in ${set.set.dir}/ in ${model.label}`,
          "Remove the skip entry, or correct the file name.",
        ),
      );
    for (const file of Object.keys(set.set.skip)) if (!known.has(file)) report(file, text?.indexOf(JSON.stringify(file)) ?? -1, '"skip"');
    for (const suite of set.suites)
      for (const file of Object.keys(suite.skip)) {
        if (known.has(file)) continue;
        // The key as written after this suite's "file": the same name may sit in the set's skip too.
        const from = text?.indexOf(JSON.stringify(suite.file)) ?? -1;
        const at = text && from >= 0 ? text.indexOf(JSON.stringify(file), from) : (text?.indexOf(JSON.stringify(file)) ?? -1);
        report(file, at, `the "skip" of suite ${suite.file} (list \`${suite.listName}\`)`);
      }
    return findings;
  },
};
