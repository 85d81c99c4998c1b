import { lstatSync, statSync } from "node:fs";
import { CONFIG_READ_LIMIT, MAX_FILE_BYTES, readRegularFile } from "../files.js";
import { fsPath, quotePath } from "../path-bytes.js";
import { listRecords, mergeInProgress } from "../git/repo.js";
import { git, splitZ } from "../git/run.js";
import { isUnderAny, unmergedError } from "./changes.js";
import { linksOnDisk } from "./linked-folders.js";
import { BlobReader } from "../git/blobs.js";
import { readAt } from "./index-source.js";
import type { ChangeKind, Changes, Snapshot, Source } from "./types.js";

/**
 * The files among `paths` that exist on disk, with their bytes. Absent is
 * fine; present but unreadable, or not a regular file (a FIFO would hang the
 * hook), or larger than `limit`, is an error that says so.
 */
export async function readWorktreeFiles(root: string, paths: string[], limit = MAX_FILE_BYTES): Promise<Map<string, Buffer>> {
  const contents = new Map<string, Buffer>();
  await Promise.all(
    paths.map(async (path) => {
      const content = await readRegularFile(fsPath(root, path), { shownAs: quotePath(path), limit });
      if (content) contents.set(path, content);
    }),
  );
  return contents;
}

/**
 * The files as they are on disk, for a person at a terminal: tracked files
 * that still exist plus untracked ones that are not ignored. "Being
 * committed" is everything that differs from HEAD, untracked files included.
 */
export function worktreeSource(root: string): Source {
  const readFiles = (paths: string[]) => readWorktreeFiles(root, paths, CONFIG_READ_LIMIT);
  // HEAD's side of the change, asked only when a changed Go file may hold a list.
  let blobs: BlobReader | null = null;
  // `git status`, asked once: the change, and the conflicted paths, whose files
  // hold conflict markers, not a version to judge, so a snapshot that
  // includes one is refused, as in --staged.
  let status: Promise<Changes> | null = null;
  const changes = () =>
    (status ??= git(["status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames"], { cwd: root }).then((result) => {
      const found: Changes = new Map();
      for (const record of splitZ(result.stdout)) found.set(record.slice(3), statusKind(record.slice(0, 2)));
      return found;
    }));
  return {
    kind: "worktree",
    root,
    label: "the working tree",
    readFiles,
    readBefore: (paths) => (paths.length ? readAt((blobs ??= new BlobReader(root)), "HEAD", paths) : Promise.resolve(new Map())),
    changes,
    async snapshot(paths): Promise<Snapshot> {
      const unmerged = [...(await changes())].flatMap(([path, kind]) => (kind === "unmerged" ? [path] : []));
      const conflicted = unmerged.filter((path) => isUnderAny(path, paths));
      if (conflicted.length) throw unmergedError(conflicted);
      const files = new Map<string, null>();
      const others = new Map<string, string>();
      for (const [, listed] of await listRecords(["ls-files", "-z", "--cached", "--others", "--exclude-standard"], root, paths)) {
        // A submodule, or an untracked repository inside ("sub/"), is listed as one entry.
        const path = listed.replace(/\/$/, "");
        const kind = entryKind(fsPath(root, path));
        if (kind === "file") files.set(path, null);
        else if (kind !== null) others.set(path, kind);
      }
      return { files, others, read: (wanted) => readWorktreeFiles(root, wanted.filter((path) => files.has(path))) };
    },
    merging: () => mergeInProgress(root),
    linksAt: (paths) => linksOnDisk(root, paths),
    close: () => blobs?.close(),
  };
}

function statusKind(xy: string): ChangeKind {
  // Conflicts first: "AA", "AU" and "UA" hold an A too.
  if (xy.includes("U") || xy === "DD" || xy === "AA") return "unmerged";
  if (xy === "??" || xy.includes("A")) return "added";
  if (xy.includes("D")) return "deleted";
  return "modified";
}

/**
 * "file" for a regular file (through a link too, as goose follows links), null
 * for nothing there, else what it is: goose would fail to read it, or (a FIFO)
 * wait on it forever.
 */
function entryKind(path: string | Buffer): string | null {
  try {
    const link = lstatSync(path).isSymbolicLink();
    const info = statSync(path);
    if (info.isFile()) return "file";
    if (info.isDirectory()) return link ? "a link to a folder" : "a submodule";
    return info.isFIFO() ? "a named pipe (FIFO)" : info.isSocket() ? "a socket" : "a device";
  } catch {
    return null;
  }
}
