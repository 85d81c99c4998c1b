// What a suite list of a set must say: one function the rules and the edits
// (`fix`, `new`, `renumber`, `list`) share, so that a fixed list passes the
// check by construction.
//
// Lists are plain values here (the decoded strings of the entries, in order);
// src/model/gosuite-edit.ts turns a desired list into text.
import type { SetConfig } from "../config/types.js";
import { matcher } from "./glob.js";
import { compareMigrations, describeFile, IN_SUITE_ORDER, type Migration } from "./versions.js";

/** The file a list entry names: its base name, so "../../migrations/001_x.sql" names 001_x.sql. */
export const entryName = (value: string): string => value.slice(value.lastIndexOf("/") + 1);

/** Skipped for one list: by the set's skip (every list), or by that list's own (`suites[].skip`). */
export const skippedFor = (m: Migration, listSkip: Readonly<Record<string, string>> = {}): string | undefined =>
  m.skipReason ?? (Object.hasOwn(listSkip, m.file) ? listSkip[m.file] : undefined);

/**
 * The migrations a suite list must name, in the order it must name them: each
 * file with a valid version that is not skipped (by the set, or by this list's
 * own skip), by version (then name), specials last. Without `listSkip`: what
 * every list must name, the set's order.
 */
export function desiredMigrations(migrations: readonly Migration[], listSkip: Readonly<Record<string, string>> = {}): Migration[] {
  const desired = migrations.filter((m) => m.version !== null && skippedFor(m, listSkip) === undefined);
  return IN_SUITE_ORDER.has(migrations) ? desired : desired.sort(compareMigrations);
}

/**
 * A migration-like description of any file name, for ordering names that are
 * not (or not yet) in the snapshot: a working-tree-only entry, a file about to
 * be created. Names that carry no version sort after the versioned ones.
 */
export function describeName(file: string, set: Pick<SetConfig, "special" | "skip">): Migration {
  return describeFile(file, file, matcher(set.special), set.skip);
}

/**
 * The desired entries of one list, as strings: the set's desired migrations,
 * each written as the list already writes it (an existing entry keeps its
 * exact value, so a list of paths keeps its paths), and new ones with the
 * folder prefix that every kept entry shares, if they share one. A skipped
 * (by the set, or by `listSkip`, the list's own skip)
 * migration that the list names anyway stays, in its place: `skip` means
 * "need not be listed", and the check accepts it, so the fix keeps it too.
 */
export function desiredEntries(current: readonly string[], migrations: readonly Migration[], listSkip: Readonly<Record<string, string>> = {}): string[] {
  const listed = new Set(current.map(entryName));
  const files = migrations
    .filter((m) => m.version !== null && (skippedFor(m, listSkip) === undefined || listed.has(m.file)))
    .sort(compareMigrations)
    .map((m) => m.file);
  return spell(files, current);
}

/**
 * Writes `files` as entries: the first existing entry naming a file is kept as
 * it is; a file no entry names gets `fallback`'s spelling if it has one, else
 * the prefix all kept entries share (else none).
 */
export function spell(files: readonly string[], current: readonly string[], fallback: readonly string[] = []): string[] {
  const existing = firstByName(current);
  const other = firstByName(fallback);
  const kept = files.flatMap((f) => {
    const value = existing.get(f);
    return value === undefined ? [] : [value];
  });
  const prefix = sharedPrefix(kept.length ? kept : current);
  return files.map((f) => existing.get(f) ?? other.get(f) ?? prefix + f);
}

/** The folder part ("../../migrations/") that all the entries share; "" if they don't. */
export function sharedPrefix(entries: readonly string[]): string {
  const prefixes = new Set(entries.map((e) => e.slice(0, e.length - entryName(e).length)));
  return prefixes.size === 1 ? [...prefixes][0]! : "";
}

function firstByName(values: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const value of values) if (!map.has(entryName(value))) map.set(entryName(value), value);
  return map;
}

/**
 * The list with `file` where the suite order puts it: before the first other
 * entry that sorts after it (so before the specials), else at the end.
 * Nothing else moves. An entry already naming the file keeps its spelling
 * (and duplicates of it go); a new one takes the prefix its neighbours share.
 */
export function placeEntry(current: readonly string[], file: string, set: Pick<SetConfig, "special" | "skip">): string[] {
  const rest = current.filter((v) => entryName(v) !== file);
  const value = current.find((v) => entryName(v) === file) ?? sharedPrefix(rest) + file;
  const placed = describeName(file, set);
  const at = rest.findIndex((v) => compareMigrations(placed, describeName(entryName(v), set)) < 0);
  rest.splice(at === -1 ? rest.length : at, 0, value);
  return rest;
}

/**
 * The same fix applied to another version of a list (the working tree's, when
 * the fix was computed on the index's). Per file name, a three-way merge of
 * membership: where `ours` (the working tree) agrees with `base` (the index
 * before the fix), the fix decides (`fixed`); where it doesn't, someone edited
 * the working tree on purpose and that edit stays. The result is in suite
 * order; entries keep the working tree's spelling, new ones the fix's.
 */
export function mergeFix(
  base: readonly string[],
  ours: readonly string[],
  fixed: readonly string[],
  set: Pick<SetConfig, "special" | "skip">,
): string[] {
  const inBase = new Set(base.map(entryName));
  const inOurs = new Set(ours.map(entryName));
  const inFixed = new Set(fixed.map(entryName));
  const files = [...new Set([...ours.map(entryName), ...fixed.map(entryName)])].filter((f) =>
    inBase.has(f) === inOurs.has(f) ? inFixed.has(f) : inOurs.has(f),
  );
  const described = files.map((f) => describeName(f, set)).sort(compareMigrations);
  return spell(
    described.map((m) => m.file),
    ours,
    fixed,
  );
}

