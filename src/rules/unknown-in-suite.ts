import { entryIndex, listsOf, migrationsByFile, quote, where } from "./lists.js";
import { error, type Finding, type Rule } from "./types.js";

export const unknownInSuite: Rule = {
  id: "unknown-in-suite",
  doc: "A suite list names a file that is not a migration in the judged snapshot.",
  check({ set, model }) {
    const known = migrationsByFile(set);
    const findings: Finding[] = [];
    for (const view of listsOf(set)) {
      const { files } = entryIndex(view.list);
      const entries = view.list.entries;
      for (let i = 0; i < entries.length; i++) {
        if (known.has(files[i]!)) continue;
        findings.push(
          error(
            "unknown-in-suite",
            view.suite.file,
            entries[i]!.line,
            `${where(view)} names ${quote(entries[i]!.value)}, which is not a migration in ${set.set.dir}/ in ${model.label}`,
            `Remove the entry or correct its name (run \`mighook fix\` to remove it); if the file is new, stage it with \`git add\`.`,
          ),
        );
      }
    }
    return findings;
  },
};
