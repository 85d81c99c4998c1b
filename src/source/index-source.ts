import { MighookError } from "../errors.js";
import { BlobReader } from "../git/blobs.js";
import { listIndex, mergeInProgress, parseNameStatus } from "../git/repo.js";
import { git } from "../git/run.js";
import type { Snapshot, Source } from "./types.js";
import { blobSnapshot } from "./blob-snapshot.js";

/**
 * What `git commit` is about to record. Every read honours GIT_INDEX_FILE,
 * which git points at a temporary index during `git commit -a` and
 * `git commit <paths>`, simply by inheriting the environment.
 */
export function indexSource(root: string, options: { against?: string } = {}): Source {
  const blobs = new BlobReader(root);
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
    async changes() {
      // Against HEAD, or the empty tree before the first commit (git does
      // both), or the merge base with --base.
      const against = options.against ? [options.against] : [];
      const result = await git(["diff", "--cached", "--name-status", "--no-renames", "-z", ...against], { cwd: root });
      return parseNameStatus(result.stdout);
    },
    async snapshot(paths): Promise<Snapshot> {
      const { entries, unmerged } = await listIndex(root, paths);
      if (unmerged.length) throw unmergedError(unmerged);
      return blobSnapshot(new Map([...entries].map(([path, entry]) => [path, entry.oid])), blobs);
    },
    merging: () => mergeInProgress(root),
    close: () => blobs.close(),
  };
}

export const unmergedError = (paths: string[]) =>
  new MighookError(`unmerged paths in the index: ${paths.join(", ")}`, "Resolve the conflicts and `git add` the results, then commit again.");
