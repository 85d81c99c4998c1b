import { configFromLayers, readConfigFile, readConfigLayers, type ConfigLayers } from "../config/find.js";
import { CONFIG_CANDIDATES, relevantPathsQuick, type FoundConfig } from "../config/load.js";
import { usageError } from "../errors.js";
import { phase } from "../profile.js";
import { dropFastPath, refreshFastPath, saveFastPath } from "../fastpath/cache.js";
import { repoRoot, resolveCommit } from "../git/repo.js";
import { findMergeBase, type ExplicitBase } from "../model/base.js";
import { FORMATS, type Format, type ReportOutput } from "../report/formats.js";
import { changedGoFiles } from "../source/changed-go.js";
import { mayConcernMigrations, touchesAny } from "../source/changes.js";
import { indexSource } from "../source/index-source.js";
import { quickFolders, refuseLinkedFolders } from "../source/linked-folders.js";
import { treeSource } from "../source/tree-source.js";
import type { Source } from "../source/types.js";
import { worktreeSource } from "../source/worktree-source.js";
import { APPLY_ORDERS } from "../apply/order.js";
import { oneOf, parseCommandArgs } from "./args.js";
import type { ApplyFlags } from "./judge.js";

export const usage =
  "mighook check [--staged | --tree REV] [--base REF] [--config PATH] [--apply [--apply-order suite|goose] [--database-url URL]] [--format human|json|github|gitlab|sarif] [--output-file FILE] [--quiet] [files...]";

export async function run(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    {
      staged: { type: "boolean" },
      tree: { type: "string" },
      base: { type: "string" },
      format: { type: "string" },
      config: { type: "string" },
      "output-file": { type: "string" },
      quiet: { type: "boolean" },
      apply: { type: "boolean" },
      "apply-order": { type: "string" },
      "database-url": { type: "string" },
    },
    usage,
  );
  if (values.help) return help();
  if (values.staged && values.tree) throw usageError("--staged and --tree judge different things; give one of them");
  const format = oneOf(values.format, FORMATS, "--format", "human");
  const output: ReportOutput = { file: values["output-file"], quiet: values.quiet };
  // --apply-order and --database-url say how to apply, so they ask for it too.
  const apply: ApplyFlags = {
    explicit: Boolean(values.apply || values["apply-order"] || values["database-url"]),
    order: oneOf(values["apply-order"], APPLY_ORDERS, "--apply-order", "suite"),
    databaseUrl: values["database-url"],
  };
  if (values.staged && process.env.MIGHOOK === "0") {
    // The hook's off switch, honoured here so that it works whoever runs the
    // hook: mighook's own, husky, lefthook, pre-commit or lint-staged.
    process.stderr.write("mighook: check --staged skipped (MIGHOOK=0)\n");
    return emptyReport(format, output);
  }
  // Read before the repository: a missing file is a usage error wherever it is run.
  const configured = values.config === undefined ? undefined : await readConfigFile(values.config);
  const root = await repoRoot();
  // With --base and neither --staged nor --tree, CI judges HEAD's tree.
  const treeRev = values.tree ?? (values.base && !values.staged ? "HEAD" : undefined);
  const commit = treeRev ? await resolveCommit(root, treeRev) : undefined;
  const explicit = values.base ? await explicitBase(root, values.base, commit ?? (await resolveCommit(root, "HEAD"))) : undefined;
  const against = explicit?.mergeBase;
  const source = commit
    ? treeSource(root, commit, { against, label: treeRev === "HEAD" ? "HEAD" : undefined })
    : values.staged
      ? indexSource(root, { against })
      : worktreeSource(root);
  let code: number;
  try {
    code = await check(source, { format, output, configured, apply }, explicit, commit);
  } finally {
    source.close();
  }
  // A person's run in the working tree leaves the hook its cache too (not
  // with --config: the cache describes the repository's own config).
  if (source.kind === "worktree" && !configured) await refreshFastPath(root);
  return code;
}

async function explicitBase(root: string, ref: string, head: string): Promise<ExplicitBase> {
  const commit = await resolveCommit(root, ref);
  return { ref, commit, head, mergeBase: await findMergeBase(root, ref, commit, head) };
}

interface Options {
  format: Format;
  output: ReportOutput;
  /** --config: a config file from outside the judged tree, used instead of the tree's own */
  configured?: FoundConfig;
  apply: ApplyFlags;
}

async function check(source: Source, { format, output, configured, apply }: Options, explicit: ExplicitBase | undefined, commit: string | undefined): Promise<number> {
  const hook = source.kind === "index" && !explicit;
  const changes = await source.changes();
  phase("git diff (the change)");
  // The hook's fast path, in two steps. A commit with no .sql or .go file and
  // no config in it leaves before any blob is read (the config included).
  if (hook && !mayConcernMigrations(changes, CONFIG_CANDIDATES)) {
    // The shell pre-check found its cache missing or stale: leave it a new one.
    if (process.env.MIGHOOK_FASTPATH === "refresh" && !configured) await saveCheckedFastPath(source, await readConfigLayers(source));
    return emptyReport(format, output);
  }
  let found = configured ?? null;
  const layers = configured ? null : await readConfigLayers(source);
  if (layers) found = configFromLayers(layers);
  // A change that touches a migration folder or suite file the config names
  // (or the config) is judged in full: that code loads, and git lists the
  // snapshot's paths, while the rest is read. (quick is null for a config
  // the quick reader declines: the full check then says what is wrong.)
  const quick = relevantPathsQuick(found);
  const touched = quick === null || touchesAny(changes, [...quick, ...(found && !configured ? [found.source] : [])]);
  let judging = !hook || touched ? loadJudge(source, quick) : null;
  if (layers && source.kind === "index") await saveCheckedFastPath(source, layers);
  phase("config (read)");
  // Go files the change edits where a line naming a migration file came or
  // went: a list of migrations the config does not name yet may be among them.
  const changedGo = await changedGoFiles(source, changes);
  // One that touches neither leaves before zod, the parsers or any other blob load.
  if (!judging && changedGo.length === 0) return emptyReport(format, output);
  judging ??= loadJudge(source, quick);
  const { judge } = await judging;
  phase("load judge");
  return judge({ source, format, found, changes, explicit, commit, changedGo, output, apply });
}

/**
 * Starts what the full check needs before it is awaited: its code, zod's
 * schema, and the listing of the paths the config makes relevant (which the
 * validated config then asks for by the same paths).
 */
function loadJudge(source: Source, quick: string[] | null): Promise<typeof import("./judge.js")> {
  if (quick) source.prefetch?.([...new Set(quick)]);
  import("../config/schema.js").catch(() => {}); // a failure surfaces where the schema is awaited
  return import("./judge.js");
}

/**
 * A migrations folder committed as a link hides the migrations added in the
 * real one from the hook's paths, in Node and in the shell pre-check alike:
 * refused (asked through the cat-file already running) before any cache is
 * written, and a cache written before the link came is dropped.
 */
async function saveCheckedFastPath(source: Source, layers: ConfigLayers): Promise<void> {
  try {
    await refuseLinkedFolders(source, quickFolders(configFromLayers(layers)));
  } catch (error) {
    await dropFastPath(source.root);
    throw error;
  }
  await saveFastPath(source.root, layers);
}

/** Nothing to judge: silence for a person, an empty report for a machine. */
async function emptyReport(format: Format, output: ReportOutput): Promise<number> {
  if (format !== "human" || output.file) (await import("../report/print.js")).report([], format, "the index", undefined, { ...output, quiet: true });
  return 0;
}

function help(): number {
  process.stdout.write(`Usage: ${usage}

Checks migrations and the suite lists that name them.
  --staged        judge the index: what \`git commit\` is about to record (the hook's mode)
  --tree REV      judge a commit's tree, with its change against its first parent
  --base REF      also judge against a base branch (new versions after the base's,
                  no version taken twice across branches, applied migrations left alone);
                  judges HEAD's tree unless --staged or --tree is given
  (none)          judge the working tree
  --apply         also apply the migrations to an embedded PostgreSQL (PGlite), in the
                  set's order, with a Down/Up round trip for new and changed ones
                  (the config's "apply": true does this for the hook)
  --apply-order O suite (default: as \`mighook list\` prints them) or goose (every
                  migration by version, as goose runs them in production)
  --database-url URL  apply on this PostgreSQL server instead, in a temporary
                  database that is dropped afterwards (needs CREATEDB)
  --config PATH   judge with this config file (a mighook.config.json, or a package.json
                  with a "mighook" key) instead of the one in the judged tree: replays of
                  old commits, a monorepo's shared config
  --format F      human (default), json, github (Actions annotations), gitlab (Code
                  Quality), sarif (SARIF 2.1.0, for GitHub code scanning)
  --output-file FILE
                  write the report to FILE (whole, or not at all); the findings still
                  show on stdout for a person, unless the format is human
  --quiet         print only errors: no line for a clean run, no warnings (a machine
                  format and --output-file still get everything)
Exit codes: 0 clean, 1 findings, 2 usage, config or git trouble.
`);
  return 0;
}
