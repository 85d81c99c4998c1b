import { matcher } from "./glob.js";

// goose's rules for migration files: the version is the number before the
// first "_", compared as a number (so 21_b.sql and 021_a.sql collide), and it
// must be at least 1. goose only loads .sql and .go files, and skips Go tests.
export interface Migration {
  /** repository path, as git names it */
  path: string;
  /** the file name, which is what suite lists name */
  file: string;
  /** null when goose could not version the file (see invalidReason) */
  version: number | null;
  invalidReason?: string;
  /** the digits as written, for zero-padding */
  digits: string;
  special: boolean;
  skipReason?: string;
}

export function isMigrationPath(path: string, dir: string): boolean {
  if (!path.startsWith(`${dir}/`)) return false;
  const file = path.slice(dir.length + 1);
  if (file.includes("/")) return false; // subfolders (testdata/, archives) are not migrations
  return (file.endsWith(".sql") || file.endsWith(".go")) && !file.endsWith("_test.go");
}

export function parseVersion(file: string): { version: number; digits: string } | { reason: string; digits: string } {
  const underscore = file.indexOf("_");
  const digits = underscore === -1 ? "" : file.slice(0, underscore);
  if (!/^\d+$/.test(digits)) return { reason: `"${file}" does not start with a version number and "_"`, digits };
  const version = Number(digits);
  if (version < 1) return { reason: `version ${digits} is below 1`, digits };
  if (!Number.isSafeInteger(version)) return { reason: `version ${digits} is too large`, digits };
  return { version, digits };
}

export function describeMigrations(paths: Iterable<string>, dir: string, special: string[], skip: Record<string, string>): Migration[] {
  const isSpecial = matcher(special);
  const migrations: Migration[] = [];
  for (const path of paths) {
    if (!isMigrationPath(path, dir)) continue;
    const file = path.slice(dir.length + 1);
    const parsed = parseVersion(file);
    migrations.push({
      path,
      file,
      version: "version" in parsed ? parsed.version : null,
      invalidReason: "reason" in parsed ? parsed.reason : undefined,
      digits: parsed.digits,
      special: isSpecial(file),
      skipReason: skip[file],
    });
  }
  return migrations.sort(compareMigrations);
}

/** Suite order: ascending version (then name, for stable output), specials last. */
export function compareMigrations(a: Migration, b: Migration): number {
  if (a.special !== b.special) return a.special ? 1 : -1;
  return (a.version ?? Infinity) - (b.version ?? Infinity) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
}

/**
 * The next version to use: one above the highest non-special version among
 * all the given migrations, zero-padded like the highest one ("022", not "22").
 * Specials such as 1000_ sit apart on purpose and never count.
 */
export function nextVersion(migrations: Iterable<Migration>): { version: number; text: string } {
  let highest: Migration | null = null;
  for (const m of migrations) if (m.version !== null && !m.special && (!highest || m.version > highest.version!)) highest = m;
  const version = (highest?.version ?? 0) + 1;
  const width = highest ? highest.digits.length : 5; // goose's own default for sequential versions
  return { version, text: String(version).padStart(width, "0") };
}
