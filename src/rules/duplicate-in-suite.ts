import { entryFile, listsOf, quote, where } from "./lists.js";
import { error, type Finding, type Rule } from "./types.js";

export const duplicateInSuite: Rule = {
  id: "duplicate-in-suite",
  doc: "A suite list names the same file twice.",
  check({ set }) {
    const findings: Finding[] = [];
    for (const view of listsOf(set)) {
      const firstLine = new Map<string, number>();
      for (const entry of view.list.entries) {
        const file = entryFile(entry);
        const first = firstLine.get(file);
        if (first === undefined) firstLine.set(file, entry.line);
        else
          findings.push(
            error(
              "duplicate-in-suite",
              view.suite.file,
              entry.line,
              `${where(view)} names ${quote(file)} twice (first on line ${first}), so the suite would apply it twice`,
              "Remove this entry, or run `mighook fix`.",
            ),
          );
      }
    }
    return findings;
  },
};
