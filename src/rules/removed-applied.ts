import { shownName } from "../path-bytes.js";
import { error, type Finding, type Rule } from "./types.js";
import { shellQuote } from "./lists.js";

export const removedApplied: Rule = {
  id: "removed-applied",
  doc: "A migration (a file with a version) the base branch has, removed or renamed here: databases already applied it under that name.",
  check({ set, model }) {
    const base = set.base;
    if (!base) return [];
    const findings: Finding[] = [];
    const renamedTo = new Map([...base.renamed].map(([to, from]) => [from, to]));
    // Only files with a version were ever applied: goose never ran a
    // seed_test_data.sql, and moving it out is what invalid-filename asks.
    for (const { path } of base.migrations.filter((m) => m.version !== null)) {
      // Only what this branch removed: files the base added since the branch
      // left it are simply not merged yet.
      if (model.snapshot.files.has(path) || !base.mergeBase.has(path)) continue;
      findings.push(
        error(
          "removed-applied",
          path,
          null,
          renamedTo.has(path)
            ? `this migration is on ${base.ref} but renamed here to ${shownName(renamedTo.get(path)!)}; databases have applied it under its old name`
            : `this migration is on ${base.ref} but removed here; databases have applied it under this name`,
          `Restore it (\`git checkout ${base.ref} -- ${shellQuote(path)}\`)${renamedTo.has(path) ? ` and remove ${shownName(renamedTo.get(path)!)}` : ""}; to change or undo its effect, write a new migration: \`mighook new <name>\`.`,
          base.severity,
        ),
      );
    }
    return findings;
  },
};
