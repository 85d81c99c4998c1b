import { goQuote } from "./gosuite-edit.js";
import { matcher } from "./glob.js";
import { MighookError } from "../errors.js";

/** Past goose's highest version there is none to take: a file named so would be invalid. */
export function assertVersionFits(version: bigint): void {
  if (version > MAX_VERSION)
    throw new MighookError(
      `there is no free version: ${version} is above goose's highest, 2^63-1 (${MAX_VERSION})`,
      "Renumber the highest migrations down (mighook renumber FILE --to N), or start a new migrations folder.",
    );
}

// goose's rules for migration files: the version is the number before the
// first "_", compared as a number (so 21_b.sql and 021_a.sql collide), and it
// must be at least 1. goose only loads .sql and .go files, and skips Go tests.
// goose reads it with strconv.ParseInt(s, 10, 64): an optional sign, decimal
// digits, up to 2^63-1. Versions are bigints here: past 2^53 a JS number would
// make two versions one.
export interface Migration {
  /** repository path, as git names it */
  path: string;
  /** the file name, which is what suite lists name */
  file: string;
  /** null when goose could not version the file (see invalidReason) */
  version: bigint | null;
  invalidReason?: string;
  /** the version as written ("021", "+5"), for zero-padding */
  digits: string;
  special: boolean;
  skipReason?: string;
}

export function isMigrationPath(path: string, dir: string): boolean {
  return path.startsWith(`${dir}/`) && isMigrationFile(path.slice(dir.length + 1));
}

/** A name directly in the folder that goose loads: .sql, and .go but Go tests. */
function isMigrationFile(file: string): boolean {
  if (file.includes("/")) return false; // subfolders (testdata/, archives) are not migrations
  return (file.endsWith(".sql") || file.endsWith(".go")) && !file.endsWith("_test.go");
}

/** What strconv.ParseInt(s, 10, 64) reads: an optional sign, decimal digits. */
const VERSION_DIGITS = /^[+-]?\d+$/;

/** goose's highest version: strconv.ParseInt's int64 limit, 2^63-1. */
export const MAX_VERSION = 2n ** 63n - 1n;

export function parseVersion(file: string): { version: bigint; digits: string } | { reason: string; digits: string } {
  const underscore = file.indexOf("_");
  const digits = underscore === -1 ? "" : file.slice(0, underscore);
  if (!VERSION_DIGITS.test(digits)) return { reason: `${goQuote(file)} does not start with a version number and "_"`, digits };
  const version = BigInt(digits);
  if (version < 1n) return { reason: `version ${digits} is below 1`, digits };
  if (version > MAX_VERSION) return { reason: `version ${digits} is above goose's highest, 2^63-1 (${MAX_VERSION})`, digits };
  return { version, digits };
}

/** The digits of a version as written, without a sign: how wide the folder's versions are. */
export const versionWidth = (digits: string): number => digits.replace(/^[+-]/, "").length;

export function describeMigrations(paths: Iterable<string>, dir: string, special: string[], skip: Record<string, string>): Migration[] {
  const isSpecial = matcher(special);
  const migrations: Migration[] = [];
  const prefix = `${dir}/`;
  for (const path of paths) {
    if (!path.startsWith(prefix)) continue;
    const file = path.slice(prefix.length);
    if (!isMigrationFile(file)) continue;
    const migration = describeFile(path, file, isSpecial, skip);
    // goose skips a .go file it can't version: a helpers.go, or the embed.go
    // that embeds the .sql files. An unversioned .sql file is an error to it.
    if (migration.version === null && migration.file.endsWith(".go")) continue;
    migrations.push(migration);
  }
  migrations.sort(compareMigrations);
  IN_SUITE_ORDER.add(migrations);
  return migrations;
}

/** One file as a migration of a set: its version, whether it is special or skipped. */
export function describeFile(path: string, file: string, isSpecial: (file: string) => boolean, skip: Record<string, string>): Migration {
  // The usual file, valid, without an object for parseVersion's answer: the hook describes every migration of the set (10,000 and more).
  const underscore = file.indexOf("_");
  const digits = underscore === -1 ? "" : file.slice(0, underscore);
  let version: bigint | null = VERSION_DIGITS.test(digits) ? BigInt(digits) : null;
  if (version !== null && (version < 1n || version > MAX_VERSION)) version = null;
  const invalid = version === null ? parseVersion(file) : null;
  return {
    path,
    file,
    version,
    invalidReason: invalid && "reason" in invalid ? invalid.reason : undefined,
    digits,
    special: isSpecial(file),
    skipReason: skip[file],
  };
}

/**
 * The groups of migrations that share a version (21 and 021 collide), each in
 * the given order (duplicate-version blames the last one it keeps), the
 * groups in the order their first members come.
 */
export function sharedVersions(migrations: readonly Migration[]): Migration[][] {
  if (!mayShareVersions(migrations)) return [];
  const groups = new Map<bigint, Migration[]>();
  for (const m of migrations) {
    if (m.version === null) continue;
    const group = groups.get(m.version);
    if (group) group.push(m);
    else groups.set(m.version, [m]);
  }
  return [...groups.values()].filter((group) => group.length > 1);
}

/**
 * False when no version is taken twice, told in one pass without hashing
 * when the migrations come in suite order (compareMigrations: the plain files
 * by version, then the special ones by version), as a set's do: the hook asks
 * it of 10,000 migrations on every relevant commit. True when one may be,
 * or the order is another: then they are grouped by a map.
 */
function mayShareVersions(migrations: readonly Migration[]): boolean {
  let plain = 0; // the plain files with a version come first, at 0..plain-1
  let special: bigint | null = null;
  for (const m of migrations) {
    const version = m.version;
    if (version === null) continue;
    if (m.special) {
      if (special !== null && special >= version) return true;
      special = version;
      if (takenAmong(migrations, plain, version)) return true;
    } else {
      if (special !== null || migrations[plain] !== m || (plain > 0 && migrations[plain - 1]!.version! >= version)) return true;
      plain++;
    }
  }
  return false;
}

/** Whether one of migrations[0..count-1], ascending by version, has this version (binary search). */
function takenAmong(migrations: readonly Migration[], count: number, version: bigint): boolean {
  let low = 0;
  let high = count - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const at = migrations[middle]!.version!;
    if (at === version) return true;
    if (at < version) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

/**
 * Arrays describeMigrations made, sorted by compareMigrations and never
 * changed after: what is filtered from them needs no sort of its own (a
 * sort of 10,000 migrations per list, on every relevant commit).
 */
export const IN_SUITE_ORDER = new WeakSet<readonly Migration[]>();

/** Suite order: ascending version (then name, for stable output), specials last. */
export function compareMigrations(a: Migration, b: Migration): number {
  if (a.special !== b.special) return a.special ? 1 : -1;
  // Unversioned files last.
  if (a.version !== b.version) return a.version === null ? 1 : b.version === null ? -1 : a.version < b.version ? -1 : 1;
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

/** The migration with the highest version, specials aside (they sit apart on purpose, like 1000_). */
export function highestVersion(migrations: Iterable<Migration>): (Migration & { version: bigint }) | null {
  let highest: Migration | null = null;
  for (const m of migrations) if (m.version !== null && !m.special && (!highest || m.version > highest.version!)) highest = m;
  return highest as (Migration & { version: bigint }) | null;
}

// goose's timestamp versions: 20060102150405 (UTC), 14 digits.
const TIMESTAMP = /^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])([01]\d|2[0-3])[0-5]\d[0-5]\d$/;

/** A goose timestamp version (`goose create` without -s): 20060102150405, UTC. */
export const isTimestamp = (digits: string): boolean => TIMESTAMP.test(digits);

export const gooseTimestamp = (now: Date): string => now.toISOString().replace(/\D/g, "").slice(0, 14);

/**
 * The version a new migration takes, given every migration that must stay
 * below it (from the index, HEAD, the base ref...): one above the highest
 * non-special version, zero-padded like it ("022", not "22"). When the highest
 * is a goose timestamp, the current UTC time instead (if higher), as
 * `goose create` does. Specials don't raise it, but it never lands on one:
 * with 049 and a special 050, the next is 051.
 */
export function nextVersion(migrations: Iterable<Migration>, now = new Date()): NextVersion {
  const all = [...migrations];
  const taken = new Map(all.map((m) => [m.version, m]));
  const highest = highestVersion(all);
  const stamp = highest && isTimestamp(highest.digits) ? BigInt(gooseTimestamp(now)) : 0n;
  const above = (highest?.version ?? 0n) + 1n;
  let version = above > stamp ? above : stamp;
  const skipped: Migration[] = [];
  for (let m = taken.get(version); m; m = taken.get(++version)) skipped.push(m);
  const width = highest ? versionWidth(highest.digits) : 5; // goose's own default for sequential versions
  return { version, text: String(version).padStart(width, "0"), basis: stamp > above ? "time" : "above", skipped };
}

/** A version the user chose (`renumber --to`), zero-padded like the folder's versions unless written with its own zeros. */
export function chosenVersion(to: string, others: Migration[], m: Migration): { version: bigint; text: string } {
  const version = BigInt(to);
  if (to.length > String(version).length) return { version, text: to };
  const width = versionWidth((highestVersion(others) ?? m).digits);
  return { version, text: to.padStart(width, "0") };
}

export interface NextVersion {
  version: bigint;
  text: string;
  /** one above the highest, or the current UTC time (timestamp versions) */
  basis: "above" | "time";
  /** the specials whose versions it stepped over */
  skipped: Migration[];
}
