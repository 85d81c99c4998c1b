// Writing the index directly, without touching the working tree: blobs go in
// with `git hash-object -w`, index entries change with one
// `git update-index --index-info`. So a fix of the staged content leaves a
// person's unstaged edits where they are. Whatever the number of files, this
// is two git processes, and one more per flag that a changed entry carried
// (skip-worktree, assume-unchanged), which --index-info clears.
//
// The edit commands run these against their private copy of the index
// (GIT_INDEX_FILE, see session.ts); the copy replaces the index at the end.
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { MighookError } from "../errors.js";
import { listRecords, type IndexEntry } from "../git/repo.js";
import { git } from "../git/run.js";
import { encodePath } from "../path-bytes.js";
import { ownName, type Places } from "./own-folder.js";
import { testPoint } from "./test-points.js";

/** An index entry and the flags a sparse checkout or `git update-index` set on it. */
export interface FlaggedEntry extends IndexEntry {
  flags: EntryFlags;
}

export interface EntryFlags {
  skipWorktree: boolean;
  assumeUnchanged: boolean;
}

export type { IndexEntry };

/** The stage-0 entries of the given paths, with their flags (absent paths are missing from the map). One git process. */
export async function indexEntries(root: string, paths: string[]): Promise<Map<string, FlaggedEntry>> {
  const entries = new Map<string, FlaggedEntry>();
  const wanted = new Set(paths);
  // -t tags a skip-worktree entry "S"; -v writes an assume-unchanged entry's tag in lower case.
  for (const [meta, path] of await listRecords(["ls-files", "--stage", "-t", "-v", "-z"], root, paths)) {
    const [tag = "", mode, oid, stage] = meta.split(" ");
    if (stage !== "0" || !wanted.has(path)) continue;
    entries.set(path, { mode: mode!, oid: oid!, flags: { skipWorktree: tag.toUpperCase() === "S", assumeUnchanged: tag !== tag.toUpperCase() } });
  }
  return entries;
}

export type IndexChange =
  | { path: string; mode: string; content: Buffer; flags?: EntryFlags } // add or replace, with these bytes
  | { path: string; mode: string; oid: string; flags?: EntryFlags } // add or replace, with an existing blob
  | { path: string; remove: string }; // remove (the value is the entry's current oid)

/** Stores the new blobs; the changes with their blob ids (what the journal records, and what updateIndex writes). */
export async function storeBlobs(root: string, places: Places, changes: IndexChange[]): Promise<Array<Exclude<IndexChange, { content: Buffer }>>> {
  const withContent = changes.filter((c): c is Extract<IndexChange, { content: Buffer }> => "content" in c);
  const oids = await writeBlobs(
    root,
    places,
    withContent.map((c) => c.content),
  );
  return changes.map((c) => ("content" in c ? { path: c.path, mode: c.mode, oid: oids[withContent.indexOf(c)]!, flags: c.flags } : c));
}

/** Applies the changes to the index (GIT_INDEX_FILE) in one step, then sets again the flags the entries had. */
export async function updateIndex(root: string, changes: Array<Exclude<IndexChange, { content: Buffer }>>): Promise<void> {
  if (changes.length === 0) return;
  // Paths are bytes (path-bytes.ts): a name that is not UTF-8 keeps its bytes.
  const records = changes.map((c) => encodePath("remove" in c ? `0 ${c.remove}\t${c.path}\0` : `${c.mode} ${c.oid}\t${c.path}\0`));
  await git(["update-index", "-z", "--index-info"], { cwd: root, input: Buffer.concat(records) });
  // update-index marks with one flag per run (the first it is given), so one run per flag.
  for (const [flag, key] of [["--skip-worktree", "skipWorktree"], ["--assume-unchanged", "assumeUnchanged"]] as const) {
    const paths = changes.flatMap((c) => ("flags" in c && c.flags?.[key] ? [encodePath(`${c.path}\0`)] : []));
    if (paths.length) await git(["update-index", "-z", flag, "--stdin"], { cwd: root, input: Buffer.concat(paths) });
  }
}

/** Writes blobs with these exact bytes (no filters: they are already clean content); returns their ids. */
async function writeBlobs(root: string, places: Places, contents: Buffer[]): Promise<string[]> {
  if (contents.length === 0) return [];
  // In the git directory, named with this process: a killed run's folder is swept by the next (own-folder.ts).
  const dir = ownName(places, "blobs");
  await mkdir(dir, { recursive: true });
  try {
    const files = await Promise.all(
      contents.map(async (content, i) => {
        const file = join(dir, String(i));
        await writeFile(file, content);
        return file;
      }),
    );
    testPoint("blobs");
    const result = await git(["hash-object", "-w", "--no-filters", "--stdin-paths"], { cwd: root, input: files.map((f) => `${f}\n`).join("") });
    const oids = result.stdout.toString("utf8").split("\n").filter(Boolean);
    if (oids.length !== contents.length) throw new MighookError("git hash-object did not store every blob");
    return oids;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
