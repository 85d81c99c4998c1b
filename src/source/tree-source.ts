import { BlobReader } from "../git/blobs.js";
import { listRecords, listTreeEntries, parseRawDiff, RAW_DIFF, type IndexEntry } from "../git/repo.js";
import { git } from "../git/run.js";
import type { Snapshot, Source } from "./types.js";
import { blobSnapshot, SYMLINK } from "./blob-snapshot.js";
import { readAt } from "./index-source.js";

/**
 * A commit's tree. "Being committed" is the commit's own change against its
 * first parent (everything, for a root commit), or against `against` when
 * given (the merge base, for --base).
 */
export function treeSource(root: string, commit: string, options: { against?: string; label?: string } = {}): Source {
  const blobs = new BlobReader(root);
  let parents: Promise<string[]> | null = null;
  const parentsOf = () =>
    (parents ??= git(["rev-list", "--parents", "-n", "1", commit], { cwd: root }).then((r) => r.stdout.toString("utf8").trim().split(" ").slice(1)));
  return {
    kind: "tree",
    root,
    label: options.label ?? `commit ${commit.slice(0, 12)}`,
    readFiles: (paths) => readAt(blobs, commit, paths),
    async readBefore(paths) {
      const first = options.against ?? (await parentsOf())[0];
      return first ? readAt(blobs, first, paths) : new Map();
    },
    async changes() {
      // Against the first parent, named explicitly: for a merge commit, what
      // the merge brought into the branch it was made on.
      const first = options.against ?? (await parentsOf())[0];
      const against = first ? [first, commit] : ["--root", commit];
      const result = await git(["diff-tree", "-r", ...RAW_DIFF, "--no-commit-id", ...against], { cwd: root });
      return parseRawDiff(result.stdout);
    },
    snapshot: async (paths): Promise<Snapshot> => blobSnapshot(await listTreeEntries(root, commit, paths), blobs),
    merging: async () => !options.against && (await parentsOf()).length > 1,
    async linksAt(paths) {
      // Without -r, ls-tree names each path's own entry, a folder included.
      const entries = new Map<string, IndexEntry>();
      for (const [meta, path] of await listRecords(["ls-tree", "-z", "--full-tree", commit], root, paths)) {
        const [mode, , oid] = meta.split(" ");
        entries.set(path, { mode: mode!, oid: oid! });
      }
      const links = [...entries].filter(([, entry]) => entry.mode === SYMLINK);
      if (links.length === 0) return new Map();
      const targets = await blobs.read(links.map(([, entry]) => entry.oid));
      return new Map(links.map(([path, entry]) => [path, targets.get(entry.oid)?.toString("utf8") ?? ""]));
    },
    close: () => blobs.close(),
  };
}
