import { newAgainstBase, type Model, type SetModel } from "../model/model.js";
import { isBeingChanged } from "../source/changes.js";
import { sharedVersions, type Migration } from "../model/versions.js";
import { entryFile, listsOf, mighookArg, nextFree, renumberHint } from "./lists.js";
import { shownName } from "../path-bytes.js";
import { error, type Finding, type Rule } from "./types.js";

export const duplicateVersion: Rule = {
  id: "duplicate-version",
  doc: "Two or more migrations share one version (compared as numbers: 21 and 021 collide), here or across the base branch.",
  check({ model, set }) {
    const findings: Finding[] = [];
    for (const group of sharedVersions(set.migrations)) {
      const culprit = newcomer(group, set, model);
      const others = group.filter((m) => m !== culprit).map((m) => shownName(m.path));
      findings.push(
        culprit
          ? error(
              "duplicate-version",
              culprit.path,
              null,
              `version ${culprit.version} is also used by ${others.join(", ")}`,
              `goose needs one migration per version. ${renumberHint(set, culprit.path)}`,
            )
          : error(
              "duplicate-version",
              group.at(-1)!.path,
              null,
              `version ${group[0]!.version} is used by ${others.join(", ")}; this merge brings both sides together`,
              `goose needs one migration per version. Keep the one your main branch already has, and renumber the other to ${nextFree(set)}: ${group
                .map((m) => `\`mighook renumber ${mighookArg(m.path)}\``)
                .join(" or ")}.`,
            ),
      );
    }
    // Across branches: this branch's new migration takes a version that the
    // base already gave to another file (each side alone is clean). A base
    // file that is here too is the group check's business, above.
    const base = set.base;
    if (base)
      for (const m of newAgainstBase(set)) {
        const taken = base.migrations.filter((b) => b.version === m.version && b.file !== m.file && !model.snapshot.files.has(b.path));
        if (m.version !== null && taken.length)
          findings.push(
            error(
              "duplicate-version",
              m.path,
              null,
              `version ${m.version} is already taken on ${base.ref} by ${taken.map((b) => shownName(b.path)).join(", ")}`,
              `goose needs one migration per version, and ${base.ref} got there first. ${renumberHint(set, m.path)}`,
              base.severity,
            ),
          );
      }
    return findings;
  },
};

/**
 * Which of the files sharing a version is the newcomer, the one to renumber:
 * not on the base branch, not yet listed by a suite, and (unless a merge
 * joins two sides that each already exist on some branch) the one this
 * change brings.
 * Each test narrows the candidates only when some remain. null when a merge
 * leaves it undecided: then the finding names them all.
 */
function newcomer(group: Migration[], set: SetModel, model: Model): Migration | null {
  let candidates = group;
  const narrow = (keep: (m: Migration) => boolean) => {
    const kept = candidates.filter(keep);
    if (kept.length) candidates = kept;
  };
  const base = set.base;
  if (base) narrow((m) => !base.tip.has(m.path));
  const listed = new Set(listsOf(set).flatMap((view) => view.list.entries.map(entryFile)));
  narrow((m) => !listed.has(m.file));
  // A merge is undecided only when it joins the two sides: its first parent
  // used the version once, and the merge brings the other file. When the
  // first parent had the duplicate already (or the other side brings it
  // whole), the merge is not to blame, and the newcomer is found as usual.
  if (model.merging) {
    const brought = group.filter((m) => model.changes.get(m.path) === "added").length;
    if (group.length - brought === 1 && brought > 0) return candidates.length === 1 ? candidates[0]! : null;
  }
  narrow((m) => isBeingChanged(model.changes, m.path));
  return candidates.at(-1)!;
}

