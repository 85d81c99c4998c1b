import { isBeingChanged, newAgainstBase } from "../model/model.js";
import type { Migration } from "../model/versions.js";
import { renumberHint } from "./lists.js";
import { error, type Finding, type Rule } from "./types.js";

export const duplicateVersion: Rule = {
  id: "duplicate-version",
  doc: "Two or more migrations share one version (compared as numbers: 21 and 021 collide), here or across the base branch.",
  check({ model, set }) {
    const findings: Finding[] = [];
    const byVersion = new Map<number, Migration[]>();
    for (const m of set.migrations) if (m.version !== null) byVersion.set(m.version, [...(byVersion.get(m.version) ?? []), m]);
    for (const group of byVersion.values()) {
      if (group.length < 2) continue;
      // Point at the file this change brings in: that is the one to renumber.
      const culprit = group.filter((m) => isBeingChanged(model.changes, m.path)).at(-1) ?? group.at(-1)!;
      const others = group.filter((m) => m !== culprit).map((m) => m.path);
      findings.push(
        error(
          "duplicate-version",
          culprit.path,
          null,
          `version ${culprit.version} is also used by ${others.join(", ")}`,
          `goose needs one migration per version. ${renumberHint(set, culprit.path)}`,
        ),
      );
    }
    // Across branches: this branch's new migration takes a version that the
    // base already gave to another file (each side alone is clean).
    const base = set.base;
    if (base)
      for (const m of newAgainstBase(set)) {
        const taken = base.migrations.filter((b) => b.version === m.version && b.file !== m.file && !byVersion.get(m.version!)?.includes(b));
        if (m.version !== null && taken.length)
          findings.push(
            error(
              "duplicate-version",
              m.path,
              null,
              `version ${m.version} is already taken on ${base.ref} by ${taken.map((b) => b.path).join(", ")}`,
              `goose needs one migration per version, and ${base.ref} got there first. ${renumberHint(set, m.path)}`,
              base.severity,
            ),
          );
      }
    return findings;
  },
};
