import { shellQuote } from "./lists.js";
import { error, type Finding, type Rule } from "./types.js";

export const modifiedApplied: Rule = {
  id: "modified-applied",
  doc: "A migration the base branch already has, changed here: databases that applied it will never see the change.",
  check({ set, model }) {
    const base = set.base;
    if (!base) return [];
    const findings: Finding[] = [];
    for (const m of set.migrations) {
      const here = model.snapshot.files.get(m.path);
      const onBase = base.tip.get(m.path);
      // Blame the branch only: a file the branch left as it found it is not its change.
      if (!onBase || !here || here === onBase || here === base.mergeBase.get(m.path)) continue;
      findings.push(
        error(
          "modified-applied",
          m.path,
          null,
          `this migration is already on ${base.ref} and differs from it here; databases that applied it will not run it again`,
          `Restore it (\`git checkout ${base.ref} -- ${shellQuote(m.path)}\`) and put the change in a new migration: \`mighook new <name>\`.`,
          base.severity,
        ),
      );
    }
    return findings;
  },
};
