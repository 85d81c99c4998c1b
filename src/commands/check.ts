import { findConfig, relevantPathsQuick, resolveConfig, CONFIG_CANDIDATES } from "../config/load.js";
import type { Config, SetConfig } from "../config/types.js";
import { usageError } from "../errors.js";
import { repoRoot, resolveCommit, tryResolveCommit } from "../git/repo.js";
import { findMergeBase, loadBase, type BaseView } from "../model/base.js";
import { buildModel, touchesAny } from "../model/model.js";
import { decodeText } from "../model/text.js";
import { FORMATS, report, type Format } from "../report/print.js";
import { runRules } from "../rules/index.js";
import { indexSource } from "../source/index-source.js";
import { treeSource } from "../source/tree-source.js";
import type { Source } from "../source/types.js";
import { worktreeSource } from "../source/worktree-source.js";
import { oneOf, parseCommandArgs } from "./args.js";

export const usage = "mighook check [--staged | --tree REV] [--base REF] [--format human|json|github|gitlab] [files...]";

export async function run(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    { staged: { type: "boolean" }, tree: { type: "string" }, base: { type: "string" }, format: { type: "string" } },
    usage,
  );
  if (values.help) return help();
  if (values.staged && values.tree) throw usageError("--staged and --tree judge different things; give one of them");
  const format = oneOf(values.format, FORMATS, "--format", "human");
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
  try {
    return await check(source, format, explicit, commit);
  } finally {
    source.close();
  }
}

interface ExplicitBase {
  ref: string;
  commit: string;
  head: string;
  mergeBase: string;
}

async function explicitBase(root: string, ref: string, head: string): Promise<ExplicitBase> {
  const commit = await resolveCommit(root, ref);
  return { ref, commit, head, mergeBase: await findMergeBase(root, ref, commit, head) };
}

async function check(source: Source, format: Format, explicit: ExplicitBase | undefined, commit: string | undefined): Promise<number> {
  const [changes, configFiles] = await Promise.all([source.changes(), source.readFiles(CONFIG_CANDIDATES)]);
  const found = findConfig(new Map([...configFiles].map(([path, bytes]) => [path, decodeText(bytes)])));
  if (source.kind === "index" && !explicit) {
    // The hook's fast path: a commit that touches no migration folder, suite
    // file or config leaves at once, before zod or any blob is loaded.
    const quick = relevantPathsQuick(found);
    if (quick && !touchesAny(changes, [...quick, ...(found ? [found.source] : [])])) return 0;
  }
  const config = await resolveConfig(found);
  const bases = await loadBases(source, config, explicit, commit);
  const model = await buildModel(source, config, changes, (set) => bases.get(explicit?.ref ?? set.baseRef ?? ""));
  const footer = source.kind === "index" ? "Fix the above and stage the result; to commit anyway, once: git commit --no-verify" : undefined;
  return report(runRules(model), format, model.label, footer);
}

/**
 * The base views the sets need. An explicit --base applies to every set and
 * its findings block. A `baseRef` from the config is used only where the ref
 * exists locally (the hook never fetches) and its findings warn.
 */
async function loadBases(source: Source, config: Config, explicit: ExplicitBase | undefined, commit: string | undefined) {
  const bases = new Map<string, BaseView>();
  const dirs = (sets: SetConfig[]) => sets.map((set) => set.dir);
  if (explicit) {
    bases.set(explicit.ref, await loadBase(source.root, { ...explicit, severity: "error" }, explicit.mergeBase, dirs(config.sets)));
    return bases;
  }
  if (source.kind === "worktree") return bases;
  const refs = new Set(config.sets.flatMap((set) => (set.baseRef ? [set.baseRef] : [])));
  if (refs.size === 0) return bases;
  const head = commit ?? (await tryResolveCommit(source.root, "HEAD"));
  for (const ref of refs) {
    const baseCommit = await tryResolveCommit(source.root, ref);
    if (!head || !baseCommit) continue;
    const mergeBase = await findMergeBase(source.root, ref, baseCommit, head).catch(() => null);
    if (!mergeBase) continue;
    const sets = config.sets.filter((set) => set.baseRef === ref);
    bases.set(ref, await loadBase(source.root, { ref, commit: baseCommit, head, severity: "warning" }, mergeBase, dirs(sets)));
  }
  return bases;
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
  --format F      human (default), json, github (Actions annotations), gitlab (Code Quality)
Exit codes: 0 clean, 1 findings, 2 usage, config or git trouble.
`);
  return 0;
}
