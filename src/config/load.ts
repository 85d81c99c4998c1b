import { MighookError } from "../errors.js";
import { MAX_CONFIG_BYTES, mebibytes } from "../limits.js";
import { globToRegExp } from "../model/glob.js";
import { lineAt } from "../model/text.js";
import { CONFIG_FILE, PACKAGE_FILE, defaultConfig, type Config, type SetConfig } from "./types.js";

/** The config as found, parsed as JSON but not yet validated. */
export interface FoundConfig {
  source: string;
  text: string;
  raw: unknown;
}

export const CONFIG_CANDIDATES = [CONFIG_FILE, PACKAGE_FILE];

/**
 * Picks the config among the candidate files' contents: mighook.config.json
 * first, else a "mighook" key in package.json. Broken JSON is an error with
 * its line and column.
 */
export function findConfig(contents: Map<string, string>): FoundConfig | null {
  const own = contents.get(CONFIG_FILE);
  // A config is a few kilobytes: a huge one is a mistake (or a link to a log).
  if (own !== undefined && own.length > MAX_CONFIG_BYTES)
    throw new MighookError(`${CONFIG_FILE} is ${mebibytes(own.length)}, more than a config can be (${mebibytes(MAX_CONFIG_BYTES)})`, `Check that ${CONFIG_FILE} is mighook's config; it lists folders and suites, a few kilobytes.`);
  if (own !== undefined) return { source: CONFIG_FILE, text: own, raw: parseJson(CONFIG_FILE, own) };
  const pkg = contents.get(PACKAGE_FILE);
  if (pkg === undefined) return null;
  const parsed = parseJson(PACKAGE_FILE, pkg) as Record<string, unknown> | null;
  if (!parsed || typeof parsed !== "object" || !("mighook" in parsed)) return null;
  return { source: PACKAGE_FILE, text: pkg, raw: parsed.mighook };
}

export function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message)?.[1];
    const where = position === undefined ? file : `${file}:${lineAt(text, Number(position))}`;
    throw new MighookError(`${where}: not valid JSON (${message.replace(/ in JSON at position \d+.*$/, "")})`, `Fix the JSON syntax in ${file}.`);
  }
}

/**
 * The paths a config makes relevant, read without validating it, so that the
 * hook can leave at once when a commit touches none of them without loading
 * zod. Returns null when the shape is unexpected: the full check then runs and
 * reports the problem properly.
 */
export function relevantPathsQuick(found: FoundConfig | null): string[] | null {
  if (!found) return defaultConfig().sets.map((set) => set.dir);
  const sets = (found.raw as { sets?: unknown } | null)?.sets;
  if (!Array.isArray(sets)) return null;
  const paths: string[] = [];
  for (const set of sets) {
    if (typeof set?.dir !== "string") return null;
    paths.push(set.dir);
    for (const suite of Array.isArray(set.suites) ? set.suites : []) {
      if (typeof suite?.file !== "string") return null;
      paths.push(suite.file);
    }
  }
  const clean = paths.map(cleanPath);
  // A path outside the repository is an error the full check reports.
  return clean.every((p) => p !== null) ? (clean as string[]) : null;
}

/** Validates the config with zod and resolves it for the rest of mighook. */
export async function resolveConfig(found: FoundConfig | null): Promise<Config> {
  if (!found) return defaultConfig();
  const { configSchema } = await import("./schema.js");
  const where = found.source === PACKAGE_FILE ? `${PACKAGE_FILE} "mighook"` : found.source;
  refuseNul(found.raw, where);
  const result = configSchema.safeParse(found.raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = formatKeyPath(issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]!] : issue.path);
    const message = describeIssue(issue, isPresent(found.raw, issue.path));
    const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more)` : "";
    throw new MighookError(
      `${where}: ${path || "(top level)"}: ${message}${more}`,
      `See the configuration section of mighook's README, or point "$schema" at node_modules/mighook/schema.json for editor completion.`,
    );
  }
  const config = result.data;
  const sets: SetConfig[] = config.sets.map((set, i) => {
    const dir = requirePath(set.dir, where, `sets[${i}].dir`);
    set.special.forEach((glob, j) => requireGlob(glob, where, `sets[${i}].special[${j}]`));
    return {
      name: set.name ?? dir,
      dir,
      format: set.format,
      special: set.special,
      skip: ownEntries(rawSets(found.raw)[i]?.skip),
      suites: set.suites.map((suite, j) => ({
        file: requirePath(suite.file, where, `sets[${i}].suites[${j}].file`),
        list: suite.list,
        skip: ownEntries(rawSets(found.raw)[i]?.suites?.[j]?.skip),
      })),
      requireDown: set.requireDown,
      outOfOrder: set.outOfOrder,
      baseRef: set.baseRef ?? config.baseRef,
      dialect: set.dialect,
      ...(set.postgres === undefined ? {} : { postgres: set.postgres }),
    };
  });
  const names = new Set<string>();
  sets.forEach((set, i) => {
    if (names.has(set.name))
      throw new MighookError(`${where}: sets[${i}].name: "${set.name}" names two sets`, "Give each set a distinct name.");
    names.add(set.name);
  });
  const apply = config.apply === undefined || typeof config.apply === "boolean"
    ? { enabled: config.apply ?? false, setup: null }
    : { enabled: true, setup: config.apply.setup === undefined ? null : requirePath(config.apply.setup, where, "apply.setup") };
  return { source: found.source, text: found.text, sets, apply };
}

/**
 * A NUL can't be in a path, a ref or a name, and node refuses it on a command
 * line (an internal error, were it let through): named with its key instead.
 */
function refuseNul(value: unknown, where: string, path: PropertyKey[] = []): void {
  const refuse = (at: PropertyKey[]) => {
    throw new MighookError(`${where}: ${formatKeyPath(at) || "(top level)"}: holds a NUL character (\\u0000), which no path, name or ref can hold`, "Remove the \\u0000 from the config.");
  };
  if (typeof value === "string") {
    if (value.includes("\0")) refuse(path);
  } else if (Array.isArray(value)) value.forEach((item, i) => refuseNul(item, where, [...path, i]));
  else if (value !== null && typeof value === "object")
    for (const [key, item] of Object.entries(value)) {
      if (key.includes("\0")) refuse([...path, key]);
      refuseNul(item, where, [...path, key]);
    }
}

type RawSet = { skip?: unknown; suites?: Array<{ skip?: unknown }> };
const rawSets = (raw: unknown): RawSet[] => ((raw as { sets?: unknown })?.sets as RawSet[]) ?? [];

/**
 * A validated string record, read again from the parsed JSON into an object
 * without a prototype: JSON.parse keeps a "__proto__" key as an ordinary key,
 * but copying it into `{}` (as zod does) sets the prototype instead and the key
 * is lost; and a lookup by file name must never find Object's own members.
 */
export function ownEntries(raw: unknown): Record<string, string> {
  const record: Record<string, string> = Object.create(null) as Record<string, string>;
  if (raw !== null && typeof raw === "object") for (const [key, value] of Object.entries(raw)) record[key] = String(value);
  return record;
}

export function formatKeyPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) =>
      typeof key === "number" ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(String(key)) ? `${i ? "." : ""}${String(key)}` : `[${JSON.stringify(String(key))}]`,
    )
    .join("");
}

/** Repository-relative, `/`-separated, no `./`, no trailing `/`; null if it leaves the repository. */
export function cleanPath(path: string): string | null {
  const parts = path.replace(/\\/g, "/").split("/").filter((part) => part !== "" && part !== ".");
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path) || parts.includes("..") || parts.length === 0) return null;
  return parts.join("/");
}

function requireGlob(glob: string, where: string, key: string): void {
  try {
    globToRegExp(glob);
  } catch (error) {
    throw new MighookError(`${where}: ${key}: "${glob}" is not a valid glob (${(error as Error).message.replace(/^.*: /, "")})`, 'Use a file-name glob such as "1000_*.sql"; a class like [0-9] must run from low to high.');
  }
}

function requirePath(path: string, where: string, key: string): string {
  const clean = cleanPath(path);
  // The root itself would make every .sql and .go file in it a migration, and every commit relevant.
  if (clean === null && /^\.[\\/.]*$/.test(path) && !path.includes(".."))
    throw new MighookError(`${where}: ${key}: "${path}" is the repository root; mighook needs the migrations in a folder of their own`, 'Move them into a folder, such as "migrations", and name it here (goose -dir takes any folder).');
  if (clean === null)
    throw new MighookError(`${where}: ${key}: "${path}" is not a path inside the repository`, "Use a path relative to the repository root, such as \"migrations\".");
  return clean;
}

type Issue = { code: string; message: string; expected?: string; values?: unknown[] };

/** Plain words for a zod issue (zod/mini ships no message texts; ours name the fix). */
function describeIssue(issue: Issue, present: boolean): string {
  if (issue.code === "unrecognized_keys") return "unknown key";
  if (issue.code === "invalid_type")
    return present ? `must be ${article(issue.expected)} ${issue.expected}` : `is required (${article(issue.expected)} ${issue.expected})`;
  if (issue.code === "invalid_value") return `must be ${issue.values?.map((v) => JSON.stringify(v)).join(" or ")}`;
  return issue.message === "Invalid input" ? "is not valid here" : issue.message;
}

const article = (noun: string | undefined) => (/^[aeiou]/.test(noun ?? "") ? "an" : "a");

function isPresent(raw: unknown, path: readonly PropertyKey[]): boolean {
  let value = raw;
  for (const key of path) {
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, key)) return false;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return true;
}
