// Text-level edits of the suite lists, on one version of a suite file (the
// index's or the working tree's). Which entries a list must hold is the
// model's business (src/model/desired.ts); how to change the text so that it
// holds them, keeping comments and layout, is gosuite-edit's.
import { entryName } from "../model/desired.js";
import { goQuote, rewriteList } from "../model/gosuite-edit.js";
import { findStringLists, type SuiteList } from "../model/gosuite.js";
import { shownName } from "../path-bytes.js";

/** An edit that can't be made on this version of the file; the message says why. */
export class EditError extends Error {}

/** The lists called `name`, in file order; EditError when the text can't be read as Go. */
export function readLists(text: string, name: string): SuiteList[] {
  const parsed = findStringLists(text, name);
  if (!parsed.ok) throw new EditError(`it is not valid Go (line ${parsed.error.line}: ${parsed.error.message})`);
  if (parsed.lists.length === 0) throw new EditError(`it holds no \`${name} := []string{...}\` list`);
  return parsed.lists;
}

export const valuesOf = (list: SuiteList): string[] => list.entries.map((e) => e.value);

/**
 * Rewrites each list called `name` so that it holds `desiredFor(values, k)`
 * (k: the list's position in the file), keeping everything else.
 */
export function rewriteNamed(text: string, name: string, desiredFor: (values: string[], k: number) => string[]): string {
  const lists = readLists(text, name);
  const plans = lists.map((list, k) => [list, desiredFor(valuesOf(list), k)] as const);
  let out = text;
  // Last list first: an edit never moves the offsets of an earlier list.
  for (const [list, desired] of plans.reverse()) {
    try {
      out = rewriteList(out, list, desired);
    } catch (error) {
      throw new EditError(`the list at line ${list.line} could not be rewritten (${(error as Error).message})`);
    }
  }
  return out;
}

/**
 * Renames the entries that name `from` to name `to` instead, in place: the
 * literal changes and nothing around it does (its comments, its line, a
 * path prefix such as "../../migrations/", its quote style).
 */
export function renameEntries(text: string, name: string, from: string, to: string): string {
  const entries = readLists(text, name)
    .flatMap((list) => list.entries)
    .filter((e) => entryName(e.value) === from)
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of entries) {
    const value = e.value.slice(0, e.value.length - from.length) + to;
    out = out.slice(0, e.start) + goQuote(value, out.charAt(e.start) === "`") + out.slice(e.end);
  }
  return out;
}

/** What an edit did to one list, for people. */
export interface ListChange {
  name: string;
  /** the list's line in the edited text */
  line: number;
  /** added entries with their lines in the edited text */
  added: Array<{ file: string; line: number }>;
  removed: string[];
  /** removed entries whose trailing comment stayed behind, on the entry's line */
  keptComments: string[];
  renamed: Array<{ from: string; to: string; line: number }>;
  reordered: boolean;
}

/** Compares the lists called `name` before and after an edit (paired by position). */
export function describeChanges(beforeText: string, after: string, name: string, renamed?: { from: string; to: string }): ListChange[] {
  const old = readLists(beforeText, name);
  return readLists(after, name).flatMap((list, k) => {
    const was = (old[k] ? valuesOf(old[k]) : []).map(entryName);
    const now = list.entries.map((e) => ({ file: entryName(e.value), line: e.line }));
    const renames: ListChange["renamed"] = [];
    if (renamed && was.includes(renamed.from) && !was.includes(renamed.to)) {
      for (const e of now) if (e.file === renamed.to && !renames.length) renames.push({ ...renamed, line: e.line });
    }
    // With the rename applied, what came and went (counting duplicates): the
    // k-th entry naming a file pairs with the k-th that named it before.
    const wasMapped = renames.length ? was.map((f) => (f === renamed!.from ? renamed!.to : f)) : was;
    const wasCount = countNames(wasMapped);
    const added = now.filter((e) => {
      const left = wasCount.get(e.file) ?? 0;
      wasCount.set(e.file, left - 1);
      return left <= 0;
    });
    const nowCount = countNames(now.map((e) => e.file));
    const removed = wasMapped.filter((f) => {
      const left = nowCount.get(f) ?? 0;
      nowCount.set(f, left - 1);
      return left <= 0;
    });
    const commented = new Set((old[k]?.entries ?? []).filter((e) => commentFollows(beforeText, e.end)).map((e) => entryName(e.value)));
    const keptComments = removed.filter((f) => commented.has(f));
    // Reordered: the files both lists name, in a different order.
    const nowFiles = new Set(now.map((e) => e.file));
    const wasFiles = new Set(wasMapped);
    const a = [...wasFiles].filter((f) => nowFiles.has(f));
    const b = [...nowFiles].filter((f) => wasFiles.has(f));
    const reordered = a.some((f, i) => f !== b[i]);
    if (!added.length && !removed.length && !renames.length && !reordered) return [];
    return [{ name, line: list.line, added, removed, keptComments, renamed: renames, reordered }];
  });
}

function countNames(files: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of files) counts.set(f, (counts.get(f) ?? 0) + 1);
  return counts;
}

/** A comment after the entry at `end`, on its line: `"019_x.sql", // why`. */
const commentFollows = (text: string, end: number): boolean => /^[ \t]*,?[ \t]*\/[/*]/.test(text.slice(end, end + 200));

/** "list `migrations` (line 6): added 022_x.sql (line 29), removed 019_typo.sql, put in suite order" */
export function formatChange(change: ListChange): string {
  const commented = new Set(change.keptComments);
  const parts = [
    ...change.renamed.map((r) => `renamed ${shownName(r.from)} to ${shownName(r.to)} (line ${r.line})`),
    ...change.added.map((a) => `added ${shownName(a.file)} (line ${a.line})`),
    ...change.removed.map((r) => `removed ${shownName(r)}${commented.has(r) ? " (its comment stays, where the entry was: move or delete it if it now reads wrong)" : ""}`),
    ...(change.reordered ? ["put in suite order"] : []),
  ];
  return `list \`${change.name}\` at line ${change.line}: ${parts.join(", ")}`;
}
