// Writing the index directly, without touching the working tree: blobs go in
// with `git hash-object -w`, index entries change with one
// `git update-index --index-info`. So a fix of the staged content leaves a
// person's unstaged edits where they are. Whatever the number of files, this
// is two git processes.
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { MighookError } from "../errors.js";
import { listIndex, type IndexEntry } from "../git/repo.js";
import { git } from "../git/run.js";
import { encodePath } from "../path-bytes.js";

/** The index's lock file: `index.lock` next to the index (GIT_INDEX_FILE honoured). */
export async function indexLockPath(root: string): Promise<string> {
  const result = await git(["rev-parse", "--git-path", "index"], { cwd: root });
  return `${resolve(root, result.stdout.toString("utf8").trim())}.lock`;
}

/** Exit 2 when another git process holds the index; call before changing anything. */
export async function assertIndexUnlocked(root: string): Promise<void> {
  const lock = await indexLockPath(root);
  if (existsSync(lock))
    throw new MighookError(
      `another git process is using the index (${lock} exists); nothing was changed`,
      `Wait for it to finish and run mighook again. If no git process is running, one crashed and left the lock behind: remove ${lock}.`,
    );
}

export type { IndexEntry };

/** The stage-0 entries of the given paths (absent paths are missing from the map). */
export async function indexEntries(root: string, paths: string[]): Promise<Map<string, IndexEntry>> {
  const { entries } = await listIndex(root, paths);
  return new Map([...entries].filter(([path]) => paths.includes(path)));
}

export type IndexChange =
  | { path: string; mode: string; content: Buffer } // add or replace, with these bytes
  | { path: string; mode: string; oid: string } // add or replace, with an existing blob
  | { path: string; remove: string }; // remove (the value is the entry's current oid)

/** Applies the changes to the index in one step: all or nothing. */
export async function updateIndex(root: string, changes: IndexChange[]): Promise<void> {
  if (changes.length === 0) return;
  const withContent = changes.filter((c): c is Extract<IndexChange, { content: Buffer }> => "content" in c);
  const oids = await writeBlobs(
    root,
    withContent.map((c) => c.content),
  );
  // Paths are bytes (path-bytes.ts): a name that is not UTF-8 keeps its bytes.
  const records = changes.map((c) => {
    if ("remove" in c) return encodePath(`0 ${c.remove}\t${c.path}\0`);
    const oid = "oid" in c ? c.oid : oids[withContent.indexOf(c)]!;
    return encodePath(`${c.mode} ${oid}\t${c.path}\0`);
  });
  await git(["update-index", "-z", "--index-info"], { cwd: root, input: Buffer.concat(records) });
}

/** Writes blobs with these exact bytes (no filters: they are already clean content); returns their ids. */
async function writeBlobs(root: string, contents: Buffer[]): Promise<string[]> {
  if (contents.length === 0) return [];
  const dir = await mkdtemp(join(tmpdir(), "mighook-blobs-"));
  try {
    const files = await Promise.all(
      contents.map(async (content, i) => {
        const file = join(dir, String(i));
        await writeFile(file, content);
        return file;
      }),
    );
    const result = await git(["hash-object", "-w", "--no-filters", "--stdin-paths"], { cwd: root, input: files.map((f) => `${f}\n`).join("") });
    const oids = result.stdout.toString("utf8").split("\n").filter(Boolean);
    if (oids.length !== contents.length) throw new MighookError("git hash-object did not store every blob");
    return oids;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
