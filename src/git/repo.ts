import { existsSync } from "node:fs";
import { join } from "node:path";
import { MighookError } from "../errors.js";
import { git, splitZ } from "./run.js";
import { isUtf8Path } from "../path-bytes.js";
import type { ChangeKind, Changes } from "../source/types.js";

/** The working tree's top-level folder; exit 2 outside a repository. */
export async function repoRoot(cwd = process.cwd()): Promise<string> {
  // Git runs hooks at the top of the working tree, and people mostly work
  // there: a `.git` right here answers without a git process, unless the
  // environment moves the repository elsewhere.
  if (!process.env.GIT_DIR && !process.env.GIT_WORK_TREE && existsSync(join(cwd, ".git"))) return cwd;
  const result = await git(["rev-parse", "--show-toplevel"], { cwd, okCodes: [128] });
  const root = result.stdout.toString("utf8").trim();
  if (result.code !== 0 || !root)
    throw new MighookError(
      "not inside a git working tree",
      "Run mighook from inside a git repository (mighook reads the index and commits through git).",
    );
  return root;
}

/** A commit id for a revision, or null when there is no such commit. */
export async function tryResolveCommit(root: string, rev: string): Promise<string | null> {
  const result = await git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`], { cwd: root, okCodes: [1, 128] });
  const oid = result.stdout.toString("utf8").trim();
  return result.code === 0 && oid ? oid : null;
}

/** A commit id for a revision, or a clear exit-2 error naming it. */
export async function resolveCommit(root: string, rev: string): Promise<string> {
  const oid = await tryResolveCommit(root, rev);
  if (!oid && rev === "HEAD") throw new MighookError("HEAD has no commit yet", "Make the first commit; --tree and --base compare commits.");
  if (!oid) {
    const tracking = await remoteBranch(root, rev);
    throw new MighookError(
      `unknown revision "${rev}"`,
      // Only a plain branch name makes a refspec: not "origin/main~5", "origin/HEAD" or "origin/main@{1}".
      tracking && isPlainBranch(tracking.branch)
        ? `Fetch it first: \`git fetch ${tracking.remote} +refs/heads/${tracking.branch}:refs/remotes/${tracking.remote}/${tracking.branch}\` (a single-branch clone, as CI makes, has no other branches).`
        : `Check the name with \`git rev-parse ${rev}\`, or fetch the branch first.`,
    );
  }
  return oid;
}

/**
 * The remote and branch a remote-tracking name stands for ("origin/main",
 * "refs/remotes/upstream/release/2.0"), or null when it names no configured
 * remote. Asked only on the way to an error, to give a fetch that works.
 */
export async function remoteBranch(root: string, ref: string): Promise<{ remote: string; branch: string } | null> {
  const name = ref.replace(/^refs\/remotes\//, "");
  const remotes = (await git(["remote"], { cwd: root, okCodes: [1, 128] })).stdout.toString("utf8").split("\n").filter(Boolean);
  // The longest remote name that prefixes it, as git resolves "a/b/c".
  const remote = remotes.filter((r) => name.startsWith(`${r}/`)).sort((a, b) => b.length - a.length)[0];
  return remote ? { remote, branch: name.slice(remote.length + 1) } : null;
}

const isPlainBranch = (branch: string) =>
  branch !== "" && branch !== "HEAD" && !/[~^:?*[\\\s]|@\{|\.\.|\/\/|^[-/.]|[/.]$|\.lock$/.test(branch);

const STATUS: Record<string, ChangeKind> = { A: "added", M: "modified", T: "modified", D: "deleted", U: "unmerged" };

/** The diff options whose output `parseRawDiff` reads. */
export const RAW_DIFF = ["--raw", "-z", "--no-abbrev", "--no-renames"];

/**
 * Parses `--raw -z --no-abbrev --no-renames` output:
 * `:<old mode> <new mode> <old id> <new id> <status>` NUL path NUL …
 * A change of mode alone (`chmod +x`) changes no content, so it is left out:
 * nothing in the file is being committed that a rule could judge.
 */
export function parseRawDiff(output: Buffer): Changes {
  const fields = splitZ(output);
  const changes: Changes = new Map();
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const [, , from, to, status = ""] = fields[i]!.split(" ");
    if (status === "M" && from === to) continue;
    changes.set(fields[i + 1]!, STATUS[status[0]!] ?? "modified");
  }
  return changes;
}

/**
 * Lists `git ls-files -s -z` / `ls-tree -r -z` style records: `<meta>\t<path>`,
 * under the given paths (taken literally, never as globs), or everywhere.
 */
export async function listRecords(args: string[], root: string, paths: string[] | "all"): Promise<Array<[meta: string, path: string]>> {
  const records: Array<[string, string]> = [];
  await eachRecord(args, root, paths, (meta, path) => records.push([meta, path]));
  return records;
}

/** listRecords, a call per record. */
export async function eachRecord(args: string[], root: string, paths: string[] | "all", each: (meta: string, path: string) => void): Promise<void> {
  if (paths.length === 0) return;
  // A command line is UTF-8 to node: a path that is not cannot be named
  // there. Then everything is listed, in one process all the same, and the
  // paths are picked out here.
  const named = paths === "all" || !paths.every(isUtf8Path) ? "all" : paths;
  const output = await git(["--literal-pathspecs", ...args, ...(named === "all" ? [] : ["--", ...named])], { cwd: root });
  const wanted = (path: string) => named === paths || paths === "all" || paths.some((p) => path === p || path.startsWith(`${p}/`));
  // One call per record, no array of pairs: the index of a big repository is tens of thousands of them.
  for (const record of splitZ(output.stdout)) {
    const tab = record.indexOf("\t");
    const path = tab === -1 ? record : record.slice(tab + 1);
    if (wanted(path)) each(tab === -1 ? "" : record.slice(0, tab), path);
  }
}

export interface IndexEntry {
  mode: string;
  oid: string;
}

/** The index under the given paths: stage-0 entries, and the paths in conflict. One git process. */
export async function listIndex(root: string, paths: string[] | "all"): Promise<{ entries: Map<string, IndexEntry>; unmerged: string[] }> {
  const entries = new Map<string, IndexEntry>();
  const unmerged = new Set<string>();
  await eachRecord(["ls-files", "--stage", "-z"], root, paths, (meta, path) => {
    // `<mode> <oid> <stage>`: the stage is the last character (0 to 3), read by position: no array per entry.
    const space = meta.indexOf(" ");
    if (meta.charCodeAt(meta.length - 1) !== 48 /* "0" */) unmerged.add(path);
    else entries.set(path, { mode: meta.slice(0, space), oid: meta.slice(space + 1, meta.length - 2) });
  });
  return { entries, unmerged: [...unmerged] };
}

/** A commit's blobs under the given paths: path → blob id. One git process. */
export async function listTree(root: string, commit: string, paths: string[] | "all"): Promise<Map<string, string>> {
  return new Map([...(await listTreeEntries(root, commit, paths))].flatMap(([path, entry]) => (entry.mode === "160000" ? [] : [[path, entry.oid] as const])));
}

/** A commit's blobs under the given paths, with their modes. One git process. */
export async function listTreeEntries(root: string, commit: string, paths: string[] | "all"): Promise<Map<string, IndexEntry>> {
  const files = new Map<string, IndexEntry>();
  await eachRecord(["ls-tree", "-r", "-z", "--full-tree", commit], root, paths, (meta, path) => {
    const [mode, type, oid] = meta.split(" ");
    // Blobs, and submodules (commits), which the snapshot names as such.
    if (type === "blob" || type === "commit") files.set(path, { mode: mode!, oid: oid! });
  });
  return files;
}

/** A merge is in progress (MERGE_HEAD exists): the index holds its result. */
export async function mergeInProgress(root: string): Promise<boolean> {
  return (await git(["rev-parse", "--quiet", "--verify", "MERGE_HEAD"], { cwd: root, okCodes: [1, 128] })).code === 0;
}
