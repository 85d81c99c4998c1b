import { indexModel, selectSets } from "../edit/context.js";
import { repoRoot } from "../git/repo.js";
import { desiredMigrations } from "../model/desired.js";
import { compareMigrations } from "../model/versions.js";
import { usageError } from "../errors.js";
import { encodePath, isUtf8Path, quotePath } from "../path-bytes.js";
import { oneOf, parseCommandArgs } from "./args.js";

export const usage = "mighook list [--set NAME] [--format human|json] [--all]";

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
  /** only with --all, for a migration in "skip": the reason */
  skipped?: string;
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { set: { type: "string" }, format: { type: "string" }, all: { type: "boolean" } }, usage);
  if (values.help) return help();
  if (positionals.length) throw usageError(`list takes no file names (got "${positionals[0]}")`, `Usage: ${usage}`);
  const format = oneOf(values.format, ["human", "json"] as const, "--format", "human");
  const root = await repoRoot();
  const { source, model } = await indexModel(root);
  let sets: ReturnType<typeof selectSets>;
  let listed: ListedMigration[][];
  try {
    sets = selectSets(model, values.set);
    listed = sets.map(({ set, migrations }) => {
      const chosen = values.all ? migrations.filter((m) => m.version !== null).sort(compareMigrations) : desiredMigrations(migrations);
      return chosen.map((m) => ({
        set: set.name,
        file: format === "json" && isUtf8Path(m.file) ? m.file : quotePath(m.file),
        path: isUtf8Path(m.path) ? m.path : quotePath(m.path),
        ...(isUtf8Path(m.path) ? {} : { fileBytes: encodePath(m.file).toString("base64"), pathBytes: encodePath(m.path).toString("base64") }),
        version: m.version! <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(m.version) : String(m.version),
        special: m.special,
        ...(m.skipReason !== undefined ? { skipped: m.skipReason } : {}),
      }));
    });
  } finally {
    source.close();
  }
  if (format === "json") {
    process.stdout.write(`${JSON.stringify(listed.flat(), null, 2)}\n`);
    return 0;
  }
  const lines: string[] = [];
  listed.forEach((items, i) => {
    if (sets.length > 1) lines.push(`${i ? "\n" : ""}# set ${sets[i]!.set.name} (${sets[i]!.set.dir}/)`);
    // One name per line, even a name with a newline in it (quoted, as git quotes it).
    for (const m of items) lines.push(m.skipped === undefined ? m.file : `${m.file}  # skipped: ${m.skipped}`);
  });
  process.stdout.write(lines.length ? `${lines.join("\n")}\n` : "");
  return 0;
}

function help(): number {
  process.stdout.write(`Usage: ${usage}

Prints the set's migrations in the order its suites must apply them, as the
index holds them: version order, specials last, skipped ones left out. One
file name per line, for scripts and for generating the list (Go, Makefile...).
  --set NAME      only this set (else every set, each under a "# set" line)
  --all           include the skipped migrations, with their reason
  --format json   a JSON array of {"set", "file", "path", "version", "special"}
                  objects; with --all, skipped ones also have "skipped": reason
`);
  return 0;
}
