import { findConfig, relevantPathsQuick, resolveConfig, CONFIG_CANDIDATES } from "../config/load.js";
import { usageError } from "../errors.js";
import { repoRoot, resolveCommit } from "../git/repo.js";
import { buildModel, touchesAny } from "../model/model.js";
import { decodeText } from "../model/text.js";
import { FORMATS, report } from "../report/print.js";
import { runRules } from "../rules/index.js";
import { indexSource } from "../source/index-source.js";
import { treeSource } from "../source/tree-source.js";
import type { Source } from "../source/types.js";
import { worktreeSource } from "../source/worktree-source.js";
import { oneOf, parseCommandArgs } from "./args.js";

export const usage = "mighook check [--staged | --tree REV] [--format human|json|github|gitlab] [files...]";

export async function run(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    { staged: { type: "boolean" }, tree: { type: "string" }, format: { type: "string" } },
    usage,
  );
  if (values.help) return help();
  if (values.staged && values.tree) throw usageError("--staged and --tree judge different things; give one of them");
  const format = oneOf(values.format, FORMATS, "--format", "human");
  const root = await repoRoot();
  const source = values.tree ? treeSource(root, await resolveCommit(root, values.tree)) : values.staged ? indexSource(root) : worktreeSource(root);
  try {
    return await check(source, format);
  } finally {
    source.close();
  }
}

async function check(source: Source, format: (typeof FORMATS)[number]): Promise<number> {
  const [changes, configFiles] = await Promise.all([source.changes(), source.readFiles(CONFIG_CANDIDATES)]);
  const found = findConfig(new Map([...configFiles].map(([path, bytes]) => [path, decodeText(bytes)])));
  if (source.kind === "index") {
    // The hook's fast path: a commit that touches no migration folder, suite
    // file or config leaves at once, before zod or any blob is loaded.
    const quick = relevantPathsQuick(found);
    if (quick && !touchesAny(changes, [...quick, ...(found ? [found.source] : [])])) return 0;
  }
  const config = await resolveConfig(found);
  const model = await buildModel(source, config, changes);
  const footer = source.kind === "index" ? "Fix the above and stage the result; to commit anyway, once: git commit --no-verify" : undefined;
  return report(runRules(model), format, model.label, footer);
}

function help(): number {
  process.stdout.write(`Usage: ${usage}

Checks migrations and the suite lists that name them.
  --staged        judge the index: what \`git commit\` is about to record (the hook's mode)
  --tree REV      judge a commit's tree, with its change against its first parent
  (neither)       judge the working tree
  --format F      human (default), json, github (Actions annotations), gitlab (Code Quality)
Exit codes: 0 clean, 1 findings, 2 usage, config or git trouble.
`);
  return 0;
}
