import { entryFile, listsOf, migrationsByFile, quote, where } from "./lists.js";
import { error, type Finding, type Rule } from "./types.js";

export const unknownInSuite: Rule = {
  id: "unknown-in-suite",
  doc: "A suite list names a file that is not a migration in the judged snapshot.",
  check({ set, model }) {
    const known = migrationsByFile(set);
    const findings: Finding[] = [];
    for (const view of listsOf(set))
      for (const entry of view.list.entries)
        if (!known.has(entryFile(entry)))
          findings.push(
            error(
              "unknown-in-suite",
              view.suite.file,
              entry.line,
              `${where(view)} names ${quote(entry.value)}, which is not a migration in ${set.set.dir}/ in ${model.label}`,
              `Remove the entry or correct its name (run \`mighook fix\` to remove it); if the file is new, stage it with \`git add\`.`,
            ),
          );
    return findings;
  },
};
