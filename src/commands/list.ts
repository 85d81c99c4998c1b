import { indexModel, selectSets } from "../edit/context.js";
import { repoRoot } from "../git/repo.js";
import { desiredMigrations, skippedFor } from "../model/desired.js";
import type { SetModel, SuiteModel } from "../model/model.js";
import { compareMigrations } from "../model/versions.js";
import { cleanPath } from "../config/load.js";
import { usageError } from "../errors.js";
import { encodePath, isUtf8Path, quotePath } from "../path-bytes.js";
import { relative, resolve, sep } from "node:path";
import { oneOf, parseCommandArgs } from "./args.js";

export const usage = "mighook list [--set NAME | --suite FILE[:LIST]] [--format human|json] [--all]";

/** One element of `list --format json`. */
export interface ListedMigration {
  set: string;
  /** as git names it; a name that is not UTF-8 as git quotes it, with its bytes in fileBytes */
  file: string;
  path: string;
  fileBytes?: string;
  pathBytes?: string;
  /** a number; past 2^53-1, where JSON readers lose digits, a string of digits */
  version: number | string;
  special: boolean;
  /** only with --suite: the list, as FILE:LIST */
  suite?: string;
  /** only with --all, for a migration in "skip": the reason */
  skipped?: string;
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { set: { type: "string" }, suite: { type: "string" }, format: { type: "string" }, all: { type: "boolean" } },
    usage,
  );
  if (values.help) return help();
  if (positionals.length) throw usageError(`list takes no file names (got "${positionals[0]}")`, `Usage: ${usage}`);
  const format = oneOf(values.format, ["human", "json"] as const, "--format", "human");
  const root = await repoRoot();
  const { source, model } = await indexModel(root);
  // A group per set, or with --suite one per configured list that matches.
  let groups: Array<{ heading: string; items: ListedMigration[] }>;
  try {
    const sets = selectSets(model, values.set);
    const all = values.all ?? false;
    groups =
      values.suite === undefined
        ? sets.map((s) => ({ heading: `# set ${s.set.name} (${s.set.dir}/)`, items: listed(s, all, format === "json") }))
        : findSuites(root, sets, values.suite).map(([s, suite]) => ({
            heading: `# suite ${suiteName(suite)} (set ${s.set.name})`,
            items: listed(s, all, format === "json", suite),
          }));
  } finally {
    source.close();
  }
  if (format === "json") {
    process.stdout.write(`${JSON.stringify(groups.flatMap((g) => g.items), null, 2)}\n`);
    return 0;
  }
  const lines: string[] = [];
  groups.forEach(({ heading, items }, i) => {
    if (groups.length > 1) lines.push(`${i ? "\n" : ""}${heading}`);
    // One name per line, even a name with a newline in it (quoted, as git quotes it).
    for (const m of items) lines.push(m.skipped === undefined ? m.file : `${m.file}  # skipped: ${m.skipped}`);
  });
  process.stdout.write(lines.length ? `${lines.join("\n")}\n` : "");
  return 0;
}

/**
 * The migrations a list must apply, in order: the set's, less what the set's
 * skip leaves out, and with a suite, less what that list's own skip leaves
 * out too. With `all`, the skipped ones as well, with their reason.
 */
function listed({ set, migrations }: SetModel, all: boolean, json: boolean, suite?: SuiteModel): ListedMigration[] {
  const listSkip = suite?.skip ?? {};
  const chosen = all ? migrations.filter((m) => m.version !== null).sort(compareMigrations) : desiredMigrations(migrations, listSkip);
  return chosen.map((m) => {
    const skipped = skippedFor(m, listSkip);
    return {
      set: set.name,
      ...(suite ? { suite: suiteName(suite) } : {}),
      // As git names it; a name that is not UTF-8 as git quotes it, with its bytes alongside.
      file: json && isUtf8Path(m.file) ? m.file : quotePath(m.file),
      path: isUtf8Path(m.path) ? m.path : quotePath(m.path),
      ...(isUtf8Path(m.path) ? {} : { fileBytes: encodePath(m.file).toString("base64"), pathBytes: encodePath(m.path).toString("base64") }),
      // A number; past 2^53-1, where JSON readers lose digits, a string of digits.
      version: m.version! <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(m.version) : String(m.version),
      special: m.special,
      ...(skipped !== undefined ? { skipped } : {}),
    };
  });
}

const suiteName = (suite: SuiteModel) => `${suite.file}:${suite.listName}`;

/** The configured lists `FILE[:LIST]` names: the file from here or from the root; every list of it without LIST. */
function findSuites(root: string, sets: SetModel[], arg: string): Array<[SetModel, SuiteModel]> {
  const colon = arg.lastIndexOf(":");
  const [file, list] = arg.endsWith(".go") || colon === -1 ? [arg, undefined] : [arg.slice(0, colon), arg.slice(colon + 1)];
  const asGiven = cleanPath(file);
  const fromCwd = cleanPath(relative(root, resolve(process.cwd(), file)).split(sep).join("/"));
  const configured = sets.flatMap((s) => s.suites.map((suite) => [s, suite] as [SetModel, SuiteModel]));
  const found = configured.filter(([, suite]) => (suite.file === asGiven || suite.file === fromCwd) && (list === undefined || suite.listName === list));
  if (found.length) return found;
  const known = configured.map(([, suite]) => suiteName(suite));
  throw usageError(
    `--suite ${arg}: no suite list of that ${list === undefined ? "file" : "file and name"} in the config`,
    known.length ? `The configured lists are: ${[...new Set(known)].join(", ")}.` : 'The config names no suites; add them under "suites".',
  );
}

function help(): number {
  process.stdout.write(`Usage: ${usage}

Prints the set's migrations in the order its suites must apply them, as the
index holds them: version order, specials last, skipped ones left out. One
file name per line, for scripts and for generating the list (Go, Makefile...).
  --set NAME      only this set (else every set, each under a "# set" line)
  --suite FILE[:LIST]
                  what that one suite list must apply: the set's order less
                  the list's own skips too (LIST: the variable, when FILE has
                  several configured lists; else each under a "# suite" line)
  --all           include the skipped migrations, with their reason
  --format json   a JSON array of {"set", "file", "path", "version", "special"}
                  objects; with --suite, each also has "suite": "FILE:LIST";
                  with --all, skipped ones also have "skipped": reason
`);
  return 0;
}
