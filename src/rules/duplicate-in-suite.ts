import { entryIndex, listsOf, quote, where } from "./lists.js";
import { error, type Finding, type Rule } from "./types.js";

export const duplicateInSuite: Rule = {
  id: "duplicate-in-suite",
  doc: "A suite list names the same file twice.",
  check({ set }) {
    const findings: Finding[] = [];
    for (const view of listsOf(set)) {
      const { files, first } = entryIndex(view.list);
      const entries = view.list.entries;
      for (let i = 0; i < entries.length; i++) {
        const file = files[i]!;
        const at = first.get(file)!;
        if (at === i) continue;
        findings.push(
          error(
            "duplicate-in-suite",
            view.suite.file,
            entries[i]!.line,
            `${where(view)} names ${quote(file)} twice (first on line ${entries[at]!.line}), so the suite would apply it twice`,
            "Remove this entry, or run `mighook fix`.",
          ),
        );
      }
    }
    return findings;
  },
};
