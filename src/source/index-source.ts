import { BlobReader } from "../git/blobs.js";
import { listIndex, listTree, mergeInProgress, parseRawDiff, RAW_DIFF, tryResolveCommit, type IndexEntry } from "../git/repo.js";
import { git } from "../git/run.js";
import { isSqlOrGo, unmergedError } from "./changes.js";
import type { Changes, Snapshot, Source } from "./types.js";
import { blobSnapshot, SYMLINK } from "./blob-snapshot.js";

/**
 * What `git commit` is about to record. Every read honours GIT_INDEX_FILE,
 * which git points at a temporary index during `git commit -a` and
 * `git commit <paths>`, simply by inheriting the environment.
 */
export function indexSource(root: string, options: { against?: string } = {}): Source {
  const blobs = new BlobReader(root);
  // The staged change, asked once: "being committed", and which entries git
  // commit will record at all (see EMPTY_BLOBS).
  let staged: Promise<Changes> | null = null;
  const stagedChanges = () =>
    (staged ??= git(["diff", "--cached", ...RAW_DIFF, ...(options.against ? [options.against] : [])], { cwd: root }).then((result) =>
      parseRawDiff(result.stdout),
    ));
  // The one listing of the index, started early by prefetch (same paths, same process).
  let listed: { key: string; entries: ReturnType<typeof listIndex> } | null = null;
  const listing = (paths: string[]) => {
    const key = JSON.stringify(paths);
    if (listed?.key !== key) {
      listed = { key, entries: listIndex(root, paths) };
      listed.entries.catch(() => {}); // a prefetch nobody takes must not fail the run; snapshot() still sees the error
    }
    return listed.entries;
  };
  return {
    kind: "index",
    root,
    label: "the index",
    async readFiles(paths) {
      // Stage 0 is the staged file; "ours" (stage 2) exists only mid-conflict.
      const found = await blobs.read(paths.flatMap((path) => [`:${path}`, `:2:${path}`]));
      const contents = new Map<string, Buffer>();
      for (const path of paths) {
        if (found.get(`:2:${path}`)) throw unmergedError([path]);
        const content = found.get(`:${path}`);
        if (content) contents.set(path, content);
      }
      return contents;
    },
    readBefore: (paths) => readAt(blobs, options.against ?? "HEAD", paths),
    // Against HEAD, or the empty tree before the first commit (git does
    // both), or the merge base with --base.
    changes: stagedChanges,
    prefetch(paths) {
      listing(paths);
    },
    async snapshot(paths): Promise<Snapshot> {
      const [{ entries, unmerged }, changed] = await Promise.all([listing(paths), stagedChanges()]);
      if (unmerged.length) throw unmergedError(unmerged);
      return blobSnapshot(await recordedEntries(root, entries, changed, options.against ?? "HEAD"), blobs);
    },
    merging: () => mergeInProgress(root),
    async linksAt(paths) {
      // `:path` names only a file entry (a folder has none), through the
      // cat-file already running: no new process unless some path is a file.
      const found = await blobs.read(paths.map((path) => `:${path}`));
      const files = paths.filter((path) => found.get(`:${path}`));
      if (files.length === 0) return new Map();
      const { entries } = await listIndex(root, files);
      return new Map(files.filter((path) => entries.get(path)?.mode === SYMLINK).map((path) => [path, found.get(`:${path}`)!.toString("utf8")]));
    },
    close: () => blobs.close(),
  };
}

/**
 * `git add -N` leaves an intent-to-add entry in the index, holding the empty
 * blob; `git commit` records no such file, and `diff --cached` does not list
 * it. An empty file committed earlier and unchanged looks the same in the
 * index, but `against` has it. So of the empty entries that the staged change
 * does not list, those missing from `against` are the intent-to-add ones.
 * Asked only when there are such entries: the usual commit starts no process.
 */
const EMPTY_BLOBS = ["e69de29bb2d1d6434b8b29ae775ad8c2e48c5391", "473a0f4c3be8a93681a267e3b1e9a7dcda1185436fe141f7749120a303721813"];
// Compared as strings (a mismatch shows in the first characters), not hashed: asked of every entry.
const isEmptyBlob = (oid: string) => oid === EMPTY_BLOBS[0] || oid === EMPTY_BLOBS[1];

/** The index entries `git commit` will record: intent-to-add entries left out. */
export async function recordedEntries(root: string, entries: Map<string, IndexEntry>, changed: Changes, against: string): Promise<Map<string, IndexEntry>> {
  // (A .gitkeep is empty too, but neither a migration nor a suite: never asked about.)
  const unstaged: string[] = [];
  for (const [path, entry] of entries) if (isEmptyBlob(entry.oid) && isSqlOrGo(path) && !changed.has(path)) unstaged.push(path);
  const intentToAdd = await notCommitted(root, against, unstaged);
  // An entry the staged change calls deleted is intent-to-add too, over a
  // committed file (`git rm --cached x && git add -N x`): the commit deletes it.
  const dropped = [...intentToAdd, ...[...changed].flatMap(([path, kind]) => (kind === "deleted" && entries.has(path) ? [path] : []))];
  if (dropped.length === 0) return entries; // the usual commit: the index as it is, not a copy of 10,000 entries
  const recorded = new Map(entries);
  for (const path of dropped) recorded.delete(path);
  return recorded;
}

async function notCommitted(root: string, against: string, paths: string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  const commit = await tryResolveCommit(root, against); // null before the first commit
  // Named one by one while they fit on a command line; else the whole tree, in one process all the same.
  const committed = commit ? await listTree(root, commit, paths.length > 1000 ? "all" : paths) : new Map<string, string>();
  return new Set(paths.filter((path) => !committed.has(path)));
}

/** Contents of `paths` in commit `rev` (missing ones left out), read as `REV:path` through `blobs`. */
export async function readAt(blobs: BlobReader, rev: string, paths: string[]): Promise<Map<string, Buffer>> {
  // (A path with a line break can't be named that way: the reader answers it as missing.)
  const found = await blobs.read(paths.map((path) => `${rev}:${path}`));
  const contents = new Map<string, Buffer>();
  for (const path of paths) {
    const content = found.get(`${rev}:${path}`);
    if (content) contents.set(path, content);
  }
  return contents;
}
