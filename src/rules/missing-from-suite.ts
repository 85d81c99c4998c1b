import { desiredMigrations } from "../model/desired.js";
import { compareMigrations } from "../model/versions.js";
import { entryIndex, listsOf, quote, where } from "./lists.js";
import { error, type Rule } from "./types.js";

export const missingFromSuite: Rule = {
  id: "missing-from-suite",
  doc: "A migration that a suite list does not name and that is not in skip.",
  check({ set }) {
    const findings = [];
    for (const view of listsOf(set)) {
      const listed = entryIndex(view.list).first;
      for (const m of desiredMigrations(set.migrations, view.suite.skip)) {
        if (listed.has(m.file)) continue;
        // Say where it belongs: before the first listed migration that sorts after it.
        const after = set.migrations.find((other) => listed.has(other.file) && compareMigrations(m, other) < 0);
        const place = after ? `before ${quote(after.file)}` : "at the end";
        findings.push(
          error(
            "missing-from-suite",
            view.suite.file,
            view.list.line,
            `${quote(m.file)} is missing from ${where(view)}, so the suite never applies it`,
            `Add ${quote(m.file)} ${place}, or run \`mighook fix\`. To leave it out of this list on purpose, add it to this suite's "skip" in the config with the reason (the set's "skip" leaves it out of every list).`,
          ),
        );
      }
    }
    return findings;
  },
};
