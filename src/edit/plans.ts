// The suite edits of fix, new and renumber, as steps for apply.ts: each says
// what to do to the index's version of a suite file and how to make the same
// change to the working tree's version.
import type { SetConfig, SuiteConfig } from "../config/types.js";
import { desiredEntries, entryName, mergeFix, placeEntry } from "../model/desired.js";
import type { Migration } from "../model/versions.js";
import type { SuiteStep } from "./apply.js";
import { EditError, readLists, renameEntries, rewriteNamed, valuesOf } from "./suites.js";

/**
 * fix: every list of the suite becomes the set's desired list (missing entries
 * added, unknown and duplicate ones removed, order restored). In the working
 * tree, the same fix: its lists are paired with the index's by position, and
 * an entry the working tree added or removed on purpose (unstaged) stays so.
 */
export function fixStep(set: SetConfig, migrations: Migration[], suite: SuiteConfig): SuiteStep {
  const name = suite.list;
  return {
    file: suite.file,
    listName: name,
    index: (text) => rewriteNamed(text, name, (values) => desiredEntries(values, migrations, suite.skip)),
    worktree(text, before, after) {
      const base = readLists(before, name).map(valuesOf);
      const fixed = readLists(after, name).map(valuesOf);
      const count = readLists(text, name).length;
      if (count !== base.length)
        throw new EditError(`it has ${count} \`${name}\` list${count === 1 ? "" : "s"} and the index has ${base.length}`);
      return rewriteNamed(text, name, (values, k) => mergeFix(base[k]!, values, fixed[k]!, set));
    },
  };
}

/** new: `file` goes into every list, in suite order; nothing else changes. */
export function insertStep(set: SetConfig, suite: SuiteConfig, file: string): SuiteStep {
  const edit = (text: string) => rewriteNamed(text, suite.list, (values) => placeEntry(values, file, set));
  return { file: suite.file, listName: suite.list, index: edit, worktree: edit };
}

/**
 * renumber: entries naming `from` are renamed to `to` in place (keeping their
 * comments and spelling), then moved to where the new version belongs; lists
 * that didn't name it get it, unless the migration is skipped. In the working
 * tree, a list whose entry for `from` was removed there on purpose (the
 * index's list names it, the working tree's doesn't) stays without it.
 */
export function renumberStep(set: SetConfig, suite: SuiteConfig, from: string, to: string, skipped: boolean): SuiteStep {
  const name = suite.list;
  const names = (values: string[], files: string[]) => values.some((v) => files.includes(entryName(v)));
  const edit = (text: string, leaveOut: (k: number) => boolean = () => false) =>
    rewriteNamed(renameEntries(text, name, from, to), name, (values, k) =>
      leaveOut(k) || (skipped && !names(values, [to])) ? values : placeEntry(values, to, set),
    );
  return {
    file: suite.file,
    listName: name,
    index: (text) => edit(text),
    worktree(text, before) {
      const inIndex = readLists(before, name).map((list) => names(valuesOf(list), [from]));
      const inOurs = readLists(text, name).map((list) => names(valuesOf(list), [from, to]));
      if (inOurs.length !== inIndex.length)
        throw new EditError(`it has ${inOurs.length} \`${name}\` list${inOurs.length === 1 ? "" : "s"} and the index has ${inIndex.length}`);
      return edit(text, (k) => inIndex[k]! && !inOurs[k]!);
    },
    renamed: { from, to },
  };
}
