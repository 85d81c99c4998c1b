import { compareMigrations, type Migration } from "../model/versions.js";
import { entryIndex, listsOf, migrationsByFile, quote, where } from "./lists.js";
import { error, type Finding, type Rule } from "./types.js";

export const suiteOrder: Rule = {
  id: "suite-order",
  doc: "A suite list that is not in ascending version order with specials last.",
  check({ set }) {
    const known = migrationsByFile(set);
    const findings: Finding[] = [];
    for (const view of listsOf(set)) {
      // Judge the order of the known, first-seen entries; unknown and
      // duplicate entries have rules of their own.
      let previous: Migration | null = null;
      const { files, first } = entryIndex(view.list);
      for (let i = 0; i < files.length; i++) {
        const m = known.get(files[i]!);
        if (!m || first.get(m.file) !== i) continue;
        const entry = view.list.entries[i]!;
        if (previous && compareMigrations(previous, m) > 0) {
          const why = previous.special && !m.special ? `${quote(previous.file)} is special and belongs last` : `it sorts before ${quote(previous.file)}`;
          findings.push(
            error(
              "suite-order",
              view.suite.file,
              entry.line,
              `${where(view)} is out of order at ${quote(m.file)}: ${why}`,
              "Suites must apply migrations in version order, specials last. Reorder the list, or run `mighook fix`.",
            ),
          );
          break; // one finding per list: the first place the order breaks
        }
        previous = m;
      }
    }
    return findings;
  },
};
