import { entryName } from "../model/desired.js";
import { bestFolder, isMigrationList } from "../model/list-finder.js";
import { findStringLists } from "../model/gosuite.js";
import { isMigrationPath, isTimestamp, parseVersion } from "../model/versions.js";

// The guessing half of `mighook init`, free of git so it is easy to test:
// given the repository's paths and the texts of its candidate Go files, find
// migration folders, the []string lists that name their files, the specials
// and the migrations today's lists leave out.

export const SKIP_REASON = "not listed when mighook was set up: review";

export interface FoundList {
  file: string;
  name: string;
  line: number;
  /** base names of the string entries */
  entries: string[];
  /** the entries as written ("../../migrations/001_x.sql") */
  values: string[];
}

export interface FoundSet {
  dir: string;
  /** every migration goose would load from dir (.sql and .go), by file name */
  migrations: Array<{ file: string; version: bigint; digits: string }>;
  special: string[];
  specialFiles: string[];
  /** what every list leaves out: the set's skip */
  skip: Record<string, string>;
  /** a suite is a file and a variable (maybe several lists); skip: what only some lists leave out */
  suites: Array<{ file: string; list: string; lists: number; skip: Record<string, string> }>;
  /** lists that name files the folder does not hold (check will report them) */
  unknown: Array<{ list: FoundList; entries: string[] }>;
  /** migrations new in the index (staged, not committed) that no list names: not skipped, check will report them */
  unlisted: string[];
}

export interface Guess {
  sets: FoundSet[];
  /** lists some of whose entries name a folder's migrations, but too few of them (under 4 in 5) to be a list of it */
  ignored: Array<{ list: FoundList; dir: string; matched: number; of: number }>;
  /**
   * Lists of one name in one file that are not all lists of one folder: the
   * config names a list by file and variable, so it can't tell them apart.
   */
  ambiguous: Array<{ file: string; name: string; dirs: string[] }>;
  /** numbered .sql files alone in their folders, with other candidates about: not taken for migration folders */
  lone: string[];
  /** folders of numbered files left out on purpose: archives by their name, golang-migrate's up/down pairs */
  leftOut: Array<{ dir: string; why: "archive" | "golang-migrate" }>;
}

/**
 * Third-party code can hold migrations and lists too; they are not the team's
 * to check. Neither are test fixtures: Go's tools ignore testdata/ folders.
 */
const FOREIGN = /(?:^|\/)(?:vendor|node_modules|third_party|testdata)\//;
const NUMBERED_SQL = /^\d+_[^/]*\.sql$/;

const dirName = (path: string) => (path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "");

/** Folders holding numbered .sql files (NNN_name.sql), with those files. */
export function migrationFolders(paths: Iterable<string>, goTexts: ReadonlyMap<string, string> = new Map()): Map<string, string[]> {
  const folders = new Map<string, string[]>();
  for (const path of paths) {
    const file = entryName(path);
    const dir = dirName(path);
    // goose needs a folder, and mighook's config a non-empty path for it.
    if (!dir || FOREIGN.test(`${path}`) || !("version" in parseVersion(file))) continue;
    if (!NUMBERED_SQL.test(file) && !isGooseGoMigration(path, goTexts.get(path))) continue;
    folders.set(dir, [...(folders.get(dir) ?? []), file]);
  }
  return folders;
}

/** Numbered .go files (not tests) that may be goose Go migrations: their texts tell (isGooseGoMigration). */
export const numberedGoFiles = (paths: Iterable<string>): string[] =>
  [...paths].filter((path) => NUMBERED_GO.test(entryName(path)) && !path.endsWith("_test.go") && !FOREIGN.test(path));
const NUMBERED_GO = /^\d+_[^/]*\.go$/;

/** A goose Go migration registers itself: goose.AddMigration(up, down), or its Context, NoTx and Named forms. */
const isGooseGoMigration = (path: string, text: string | undefined): boolean =>
  NUMBERED_GO.test(entryName(path)) && !path.endsWith("_test.go") && text !== undefined && /\bgoose\.Add(?:Named)?Migration\w*\s*\(/.test(text);

/**
 * Folders whose name says they are kept, not run: `v0-archived`, `old`,
 * `legacy_migrations`, `backup`. A word of the folder's name (split at - _ .)
 * decides, so `golden` or `bold` are not "old". goose would run whatever folder
 * it is given, but a team points it at the live one; an archive adopted as a
 * set gives errors on every commit for files nobody will touch again.
 */
export function isArchiveFolder(dir: string): boolean {
  const parts = dir.toLowerCase().split("/");
  // The folder's own name by its words; a folder above it only by its whole
  // name (`archive/v1`), so that `legacy-billing/migrations`, a live service's, stays.
  return parts.at(-1)!.split(/[-_. ]+/).some((word) => ARCHIVE_WORDS.has(word)) || parts.slice(0, -1).some((part) => ARCHIVE_WORDS.has(part));
}
const ARCHIVE_WORDS = new Set(["archive", "archived", "archives", "old", "deprecated", "legacy", "backup", "backups", "bak", "obsolete", "unused", "attic"]);

/**
 * golang-migrate keeps `NNN_name.up.sql` and `NNN_name.down.sql` pairs; goose
 * would read each as a migration of its own (and find every version twice).
 * A folder where most numbered files are such halves is golang-migrate's.
 */
export const isGolangMigrateFolder = (files: readonly string[]): boolean =>
  files.filter((file) => /\.(?:up|down)\.sql$/.test(file)).length * 2 > files.length;

/** Every []string list in a Go file, whatever its variable's name. */
export function listsIn(file: string, text: string): FoundList[] {
  const parsed = findStringLists(text);
  if (!parsed.ok) return [];
  return parsed.lists.map((list) => ({
    file,
    name: list.name,
    line: list.line,
    entries: list.entries.map((entry) => entryName(entry.value)),
    values: list.entries.map((entry) => entry.value),
  }));
}

/**
 * Versions that sit far above the rest, like 1000_ after 001-021: an order of
 * magnitude above the one below them, at least 100 higher, and fewer than the
 * ordinary ones. Timestamp versions, all large alike, have no such jump.
 */
export function specialVersions(versions: bigint[]): Set<bigint> {
  const distinct = [...new Set(versions)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (let i = 1; i < distinct.length; i++) {
    const below = distinct[i - 1]!;
    const version = distinct[i]!;
    if (version >= below * 10n && version - below >= 100n && i >= 2 && distinct.length - i <= i) return new Set(distinct.slice(i));
  }
  return new Set();
}

/**
 * `staged`: paths the index adds (not committed yet). A new migration that no
 * list names is the mistake mighook exists to catch, so it is not skipped.
 */
export function guess(paths: string[], goFiles: Map<string, string>, staged: ReadonlySet<string> = new Set()): Guess {
  const leftOut: Guess["leftOut"] = [];
  const folders = migrationFolders(paths, goFiles);
  for (const [dir, files] of [...folders].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const why = isArchiveFolder(dir) ? "archive" : isGolangMigrateFolder(files) ? "golang-migrate" : null;
    if (why === null) continue;
    leftOut.push({ dir, why });
    folders.delete(dir);
  }
  const allPaths = [...paths];
  // Lists live in Go files that name .sql files (a goose Go migration's text, read to see it registers, holds none).
  const lists = [...goFiles].filter(([file, text]) => !FOREIGN.test(file) && text.includes(".sql")).flatMap(([file, text]) => listsIn(file, text));
  const ignored: Guess["ignored"] = [];
  const byDir = new Map<string, FoundList[]>();
  const folderFiles = new Map([...folders].map(([dir, files]) => [dir, new Set(files)]));
  for (const list of lists) {
    const best = bestFolder(list, folderFiles);
    if (!best) continue;
    const of = folders.get(best.dir)!.length;
    // A suite list is all or nearly all migrations of the folder, however
    // few of them it names (a drifting list is the one to keep checking):
    // the same test as check's unconfigured-list.
    if (!isMigrationList(list.entries.length, best.matched)) {
      ignored.push({ list, dir: best.dir, matched: best.matched, of });
      continue;
    }
    byDir.set(best.dir, [...(byDir.get(best.dir) ?? []), list]);
  }
  const ambiguous = sameNameAcrossFolders(lists, byDir, ignored);

  const sets: FoundSet[] = [];
  const lone: string[] = [];
  for (const [dir, sqlFiles] of [...folders].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const found = byDir.get(dir) ?? [];
    // One numbered file is not yet a folder of migrations, unless it is the
    // only candidate there is (a project's first migration).
    if (sqlFiles.length < 2 && found.length === 0 && folders.size > 1) {
      lone.push(`${dir}/${sqlFiles[0]}`);
      continue;
    }
    const migrations = allPaths
      .filter((path) => isMigrationPath(path, dir))
      .flatMap((path) => {
        const file = path.slice(dir.length + 1);
        const parsed = parseVersion(file);
        return "version" in parsed ? [{ file, version: parsed.version, digits: parsed.digits }] : [];
      })
      .sort((a, b) => (a.version !== b.version ? (a.version < b.version ? -1 : 1) : a.file < b.file ? -1 : 1));
    // A goose timestamp among sequential versions is goose's hybrid mode (a
    // migration created without -s, which `goose fix` renumbers), not a special.
    const high = specialVersions(migrations.filter((m) => !isTimestamp(m.digits)).map((m) => m.version));
    const specialFiles = migrations.filter((m) => high.has(m.version)).map((m) => m.file);
    const special = [...new Set(migrations.filter((m) => high.has(m.version)).map((m) => `${m.digits}_*${m.file.slice(m.file.lastIndexOf("."))}`))];
    const suites = new Map<string, FoundSet["suites"][number]>();
    const suiteOf = (list: FoundList) => {
      const key = `${list.file}\0${list.name}`;
      const suite = suites.get(key) ?? { file: list.file, list: list.name, lists: 0, skip: {} };
      suites.set(key, suite);
      return suite;
    };
    for (const list of found) suiteOf(list).lists++;
    // Lists differ: a migration that only some lists leave out is skipped in
    // those lists alone, so that the others go on checking it (the incident's
    // 021, missing from one of three lists, must stay required in the two
    // that have it). What every list leaves out is skipped for the set.
    const skip: Record<string, string> = {};
    const unlisted: string[] = [];
    for (const m of migrations) {
      const lacking = found.filter((list) => !list.entries.includes(m.file));
      if (lacking.length === 0) continue;
      if (staged.has(`${dir}/${m.file}`)) unlisted.push(m.file);
      else if (lacking.length === found.length) skip[m.file] = SKIP_REASON;
      else for (const list of lacking) suiteOf(list).skip[m.file] = SKIP_REASON;
    }
    const known = new Set(migrations.map((m) => m.file));
    const unknown = found.flatMap((list) => {
      const entries = list.entries.filter((entry) => !known.has(entry));
      return entries.length ? [{ list, entries }] : [];
    });
    sets.push({
      dir,
      migrations,
      special,
      specialFiles,
      skip,
      suites: [...suites.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.list < b.list ? -1 : 1)),
      unknown,
      unlisted,
    });
  }
  return { sets, ignored, ambiguous, lone, leftOut };
}

/**
 * A suite entry applies to every list of that name in the file. So lists of
 * one variable in one file that are not all lists of one folder (two test
 * functions, one per service, each with its own `migrations`; or a full list
 * beside a short one) are taken out of every set: its check would hold each
 * of them to one folder. `ignored` loses them too: one note says it all.
 */
function sameNameAcrossFolders(lists: FoundList[], byDir: Map<string, FoundList[]>, ignored: Guess["ignored"]): Guess["ambiguous"] {
  const keyOf = (list: FoundList) => `${list.file}\0${list.name}`;
  const dirsOf = new Map<string, Set<string>>();
  for (const [dir, found] of byDir) for (const list of found) dirsOf.set(keyOf(list), (dirsOf.get(keyOf(list)) ?? new Set()).add(dir));
  const placed = new Set([...byDir.values()].flat());
  const ambiguous: Guess["ambiguous"] = [];
  for (const [key, dirs] of dirsOf) {
    if (dirs.size < 2 && lists.every((list) => keyOf(list) !== key || placed.has(list))) continue;
    const [file, name] = key.split("\0") as [string, string];
    ambiguous.push({ file, name, dirs: [...dirs].sort() });
    for (const dir of dirs) byDir.set(dir, byDir.get(dir)!.filter((list) => keyOf(list) !== key));
    ignored.splice(0, ignored.length, ...ignored.filter(({ list }) => keyOf(list) !== key));
  }
  return ambiguous;
}
