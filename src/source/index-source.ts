import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { MighookError } from "../errors.js";
import { BlobReader } from "../git/blobs.js";
import { listRecords, parseNameStatus } from "../git/repo.js";
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
      const found = await blobs.read(paths.map((path) => `:${path}`));
      const contents = new Map<string, Buffer>();
      for (const path of paths) {
        const content = found.get(`:${path}`);
        if (content) contents.set(path, content);
        // A config that is not staged yet still applies: it is how a person
        // tries mighook out before committing the config itself.
        else contents.set(path, await readFile(join(root, path)).catch(() => null as never));
      }
      for (const [path, content] of contents) if (!content) contents.delete(path);
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
      const files = new Map<string, string>();
      const unmerged = new Set<string>();
      for (const [meta, path] of await listRecords(["ls-files", "--stage", "-z"], root, paths)) {
        const [, oid, stage] = meta.split(" ");
        if (stage !== "0") unmerged.add(path);
        else files.set(path, oid!);
      }
      if (unmerged.size)
        throw new MighookError(
          `unmerged paths in the index: ${[...unmerged].join(", ")}`,
          "Resolve the conflicts and `git add` the results, then commit again.",
        );
      return blobSnapshot(files, blobs);
    },
    close: () => blobs.close(),
  };
}
