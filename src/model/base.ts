import type { Config, SetConfig } from "../config/types.js";
import { MighookError } from "../errors.js";
import { listTree, remoteBranch, tryResolveCommit } from "../git/repo.js";
import { git } from "../git/run.js";
import type { Source } from "../source/types.js";

/**
 * The base branch as cross-branch rules see it. `tip` is what the base holds
 * now (what databases have applied once it deploys); `mergeBase` is where this
 * branch left it, so that a difference can be blamed on the branch or not.
 */
export interface BaseView {
  /** the ref as the user named it ("main", "origin/main") */
  ref: string;
  /** the base tip's files under the sets' folders: path → blob id */
  tip: Map<string, string>;
  /** the merge base's files under the same folders */
  mergeBase: Map<string, string>;
  /** findings from an implicit base (config baseRef) warn; an explicit --base blocks */
  severity: "error" | "warning";
}

export interface BaseRequest {
  ref: string;
  /** commit id of the base tip */
  commit: string;
  /** the commit the judged change starts from (HEAD, or --tree's commit) */
  head: string;
  severity: "error" | "warning";
}

/** `check --base REF`: the base the user named, resolved; its findings block. */
export interface ExplicitBase {
  ref: string;
  commit: string;
  head: string;
  mergeBase: string;
}

/** The merge base of two commits, or null when their histories (as fetched) never meet. One git process. */
async function tryMergeBase(root: string, commit: string, head: string): Promise<string | null> {
  const result = await git(["merge-base", commit, head], { cwd: root, okCodes: [1] });
  const mergeBase = result.stdout.toString("utf8").trim();
  return result.code === 0 && mergeBase ? mergeBase : null;
}

/** The merge base of the base tip and the judged commit; exit 2 when history is too short to find it. */
export async function findMergeBase(root: string, ref: string, commit: string, head: string): Promise<string> {
  const mergeBase = await tryMergeBase(root, commit, head);
  if (mergeBase) return mergeBase;
  const shallow = (await git(["rev-parse", "--is-shallow-repository"], { cwd: root })).stdout.toString("utf8").trim() === "true";
  const remote = shallow ? (await remoteBranch(root, ref))?.remote : undefined;
  throw new MighookError(
    shallow
      ? `this is a shallow clone, and the point where this branch left ${ref} is not in it`
      : `this branch shares no history with ${ref}`,
    shallow
      ? `Fetch the missing history: \`git fetch --unshallow${remote ? ` ${remote}` : ""}\` (in GitHub Actions: actions/checkout with fetch-depth: 0).`
      : `Check that ${ref} is the branch this one was made from.`,
  );
}

/** Lists the base tip and the merge base under the given folders: two git processes, whatever the size. */
export async function loadBase(root: string, request: BaseRequest, mergeBase: string, paths: string[]): Promise<BaseView> {
  const [tip, atMergeBase] = await Promise.all([listTree(root, request.commit, paths), listTree(root, mergeBase, paths)]);
  return { ref: request.ref, tip, mergeBase: atMergeBase, severity: request.severity };
}

/**
 * The base views the sets need, by ref. An explicit --base applies to every
 * set and its findings block. A `baseRef` from the config is used only where
 * the ref exists locally (the hook never fetches) and its findings warn.
 */
export async function loadBases(source: Source, config: Config, explicit?: ExplicitBase, commit?: string): Promise<Map<string, BaseView>> {
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
    const mergeBase = head && baseCommit ? await tryMergeBase(source.root, baseCommit, head) : null;
    if (!head || !baseCommit || !mergeBase) continue;
    const sets = config.sets.filter((set) => set.baseRef === ref);
    bases.set(ref, await loadBase(source.root, { ref, commit: baseCommit, head, severity: "warning" }, mergeBase, dirs(sets)));
  }
  return bases;
}
