import { exists } from "../files.js";
import { relative, resolve, sep } from "node:path";
import { fsPath, isUtf8Path, lossy, quotePath, shownName, unquotePath } from "../path-bytes.js";
import { reportIndex } from "../edit/after.js";
import { say } from "../say.js";
import { commitPlan, describeOutcomes, planSuites } from "../edit/apply.js";
import { findBase, headCommit, indexModel, migrationsInUse, selectSets } from "../edit/context.js";
import { indexEntries } from "../edit/git-index.js";
import { withEditSession } from "../edit/session.js";
import { renumberStep } from "../edit/plans.js";
import { formatChange } from "../edit/suites.js";
import { MighookError, usageError } from "../errors.js";
import { repoRoot } from "../git/repo.js";
import type { SetModel } from "../model/model.js";
import { assertVersionFits, chosenVersion, MAX_VERSION, nextVersion, type Migration } from "../model/versions.js";
import { parseCommandArgs } from "./args.js";
import { shellQuote } from "../rules/lists.js";
import { configuredFolders } from "../model/model.js";
import { onDisk, refuseLinkedFolders } from "../source/linked-folders.js";

export const usage = "mighook renumber <file> [--to N] [--base REF] [--force] [--set NAME]";

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { to: { type: "string" }, base: { type: "string" }, force: { type: "boolean" }, set: { type: "string" } },
    usage,
  );
  if (values.help) return help();
  if (positionals.length !== 1)
    throw usageError(positionals.length ? "renumber takes one migration at a time" : "which migration? Give its path", `Usage: ${usage}`);
  const to = values.to === undefined ? undefined : parseTo(values.to);
  const root = await repoRoot();
  let done = false; // "nothing to do" ends the command at exit 0, without the report
  await withEditSession(root, ["renumber", ...args], async (session) => {
    const { source, model } = await indexModel(root);
    try {
      const [setModel, m] = findMigration(root, selectSets(model, values.set), positionals[0]!);
      const { set } = setModel;
      // The index may hold a real folder where the disk has a link: a write
      // through it would land in another folder, or outside the repository.
      await refuseLinkedFolders(onDisk(root), configuredFolders(model.config).filter(({ dir }) => dir === set.dir));
      const [base, head, entries] = await Promise.all([findBase(root, values.base, set.baseRef), headCommit(root), indexEntries(root, [m.path])]);
      const entry = entries.get(m.path);
      if (!entry) throw new MighookError(`${shownName(m.path)} is not in the index`, `Stage it first: git add ${shellQuote(m.path)}`);
      const { sources, atHead, atBase } = await migrationsInUse(root, setModel, base, head);
      let baseNote = base ? `${base.name} does not have it` : "no base branch is known (see --base), so none was compared";
      if (base && atBase.some((b) => b.path === m.path)) {
        if (!values.force)
          throw new MighookError(
            `${shownName(m.path)} is already on ${base.name} (the ${BASE_FROM[base.from]} branch); renumbering it would break databases that have applied it`,
            `goose records applied versions: under a new number it would run again where it already ran. Renumber the other migration of the pair instead, or, if no database has applied this one, use --force.`,
          );
        process.stderr.write(`mighook: warning: ${shownName(m.path)} is already on ${base.name}; renumbering it anyway (--force)\n`);
        baseNote = `${base.name} has it too: renumbered anyway because of --force`;
      }

      // Every version that must stay free of this one, but its own file.
      const others = sources.flatMap(([, migrations]) => migrations).filter((o) => o.path !== m.path);
      const target = to === undefined ? nextVersion(others) : chosenVersion(to, others, m);
      assertVersionFits(target.version);
      // Named with where each was seen: a file only HEAD still has (renamed in
      // the index, say) takes its version as much as a staged one.
      const takenBy = new Map<string, string[]>();
      for (const [label, migrations] of sources)
        for (const o of migrations)
          if (o.path !== m.path && o.version === target.version) takenBy.set(o.path, [...(takenBy.get(o.path) ?? []), label]);
      if (takenBy.size)
        throw new MighookError(
          `version ${target.text} is taken by ${[...takenBy].map(([path, where]) => `${shownName(path)} (in ${where.join(", ")})`).join("; ")}`,
          "Choose a free version with --to, or leave --to out to take the next free one.",
        );
      if (target.version === m.version && target.text === m.digits) {
        say(`${shownName(m.path)} already has version ${m.digits}${to === undefined ? ", the next free one" : ""}; nothing to do.`);
        done = true;
        return;
      }
      if (!base && atHead.some((h) => h.path === m.path))
        process.stderr.write(
          `mighook: note: ${shownName(m.path)} is already committed, and no base branch is known to tell whether it has been deployed; if a database applied it, it will run again under the new number (pass --base REF to check)\n`,
        );
      const rest = /^[+-]?\d+_/.test(m.file) ? m.file.slice(m.file.indexOf("_") + 1) : m.file;
      const newFile = `${target.text}_${rest}`;
      const newPath = `${set.dir}/${newFile}`;

      // Skipped by the set (every list) or by one list's own skip: a list that
      // leaves it out on purpose is not given it under its new name either.
      const setSkipped = m.skipReason !== undefined;
      const skippedBy = set.suites.filter((suite) => Object.hasOwn(suite.skip, m.file));
      const steps = set.suites.map((suite) => renumberStep(set, suite, m.file, newFile, setSkipped || Object.hasOwn(suite.skip, m.file)));
      const plan = await planSuites(root, model.snapshot, steps);

      // The working-tree file moves as it is (unstaged changes and all), then the
      // index entry moves with its staged blob, in the same step as the suites.
      const from = fsPath(root, m.path);
      const dest = fsPath(root, newPath);
      const moveFile = await exists(from);
      if (await exists(dest)) throw new MighookError(`${shownName(newPath)} already exists in the working tree`, "Move it out of the way first.");
      await commitPlan(
        session,
        plan,
        [
          { path: m.path, remove: entry.oid },
          { path: newPath, mode: entry.mode, oid: entry.oid, flags: entry.flags },
        ],
        moveFile ? { moves: [{ from: m.path, to: newPath }] } : {},
      );

      say(`Renamed ${shownName(m.path)} to ${shownName(newPath)} (version ${target.text}${to === undefined ? ", the next free one" : ""}; ${baseNote}). Staged the rename.`);
      if (!moveFile) say(`  (${shownName(m.path)} was deleted in the working tree; it stays deleted there, as ${shownName(newPath)})`);
      say(...describeOutcomes(plan.outcomes, formatChange));
      const skipKeys = [
        ...(setSkipped ? [`the "skip" of set "${set.name}"`] : []),
        ...skippedBy.map((suite) => `the "skip" of suite ${suite.file} (list \`${suite.list}\`)`),
      ];
      if (skipKeys.length)
        say(`Note: ${skipKeys.join(" and ")} in the config name${skipKeys.length > 1 ? "" : "s"} ${shownName(m.file)}; rename ${skipKeys.length > 1 ? "each" : "that"} key to ${shownName(newFile)}, or the skip no longer applies.`);
    } finally {
      source.close();
    }
  });
  if (done) return 0;
  return reportIndex(root, "The index has other problems:");
}

/** How the base was chosen, as the config and flags call it. */
const BASE_FROM = { "--base": "--base", upstream: "upstream", config: "baseRef" } as const;

function parseTo(value: string): string {
  if (!/^\d+$/.test(value) || BigInt(value) < 1n) throw usageError(`--to must be a version number of 1 or more (got "${value}")`);
  if (BigInt(value) > MAX_VERSION) throw usageError(`--to ${value} is too large a version (goose's highest is 2^63-1, ${MAX_VERSION})`);
  return value;
}

/** The migration the argument names: a path (from here or from the root), or a file name. */
function findMigration(root: string, sets: SetModel[], given: string): [SetModel, Migration] {
  // A name that is not UTF-8 comes as git quotes it, or mangled by the
  // terminal (each such byte a U+FFFD); the mangled form must name one file.
  const arg = unquotePath(given);
  if (arg.includes("\uFFFD")) {
    const all = sets.flatMap((s) => s.migrations.map((m) => [s, m] as [SetModel, Migration]));
    const named = [arg.replace(/^(\.\/)+/, ""), relative(root, resolve(process.cwd(), arg)).split(sep).join("/")];
    const like = all.filter(([, m]) => !isUtf8Path(m.path) && (named.includes(lossy(m.path)) || named.includes(lossy(m.file))));
    if (like.length === 1) return like[0]!;
    if (like.length > 1)
      throw usageError(
        `${given} could name several files whose names are not UTF-8: ${like.map(([, m]) => quotePath(m.path)).join(", ")}`,
        `Give the name as git quotes it, in single quotes: mighook renumber '${quotePath(like[0]![1].path)}'.`,
      );
  }
  const fromCwd = relative(root, resolve(process.cwd(), arg)).split(sep).join("/");
  const asGiven = arg.replace(/\\/g, "/").replace(/^(\.\/)+/, "");
  const all = sets.flatMap((s) => s.migrations.map((m) => [s, m] as [SetModel, Migration]));
  const byPath = all.find(([, m]) => m.path === fromCwd || m.path === asGiven);
  if (byPath) return byPath;
  const byName = all.filter(([, m]) => m.file === asGiven);
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1)
    throw usageError(`${arg} names migrations in several sets: ${byName.map(([, m]) => shownName(m.path)).join(", ")}`, "Give the path, or choose the set with --set.");
  throw new MighookError(
    `${arg} is not a migration in the index`,
    `Give the path of a staged or committed migration, e.g. \`mighook renumber ${sets[0]?.set.dir ?? "migrations"}/021_x.sql\`; a new file must be staged first (git add).`,
  );
}

function help(): number {
  process.stdout.write(`Usage: ${usage}

Moves a migration to the next free version (or N) and stages the rename: the
working-tree file moves with any unstaged changes, the index entry with its
staged content. Every suite list entry naming the old file is renamed in
place (comments kept) and put in order; lists that lacked it get it.
  --to N        this version instead of the next free one
  --base REF    the base branch (default: the upstream, else baseRef)
  --force       renumber even a migration the base branch already has
Refuses (exit 2) when the base branch has the file: databases that applied it
would apply it again under the new number.
Exit codes: 0 renumbered and \`check --staged\` passes, 1 renumbered but the
index has other problems (listed), 2 usage, config or git trouble.
`);
  return 0;
}
