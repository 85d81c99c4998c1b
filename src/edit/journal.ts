// The intent journal: what an edit command is about to do, written under the
// git directory before its first write and removed after its last. The index
// and the working tree are written separately, so a run killed between them
// leaves a state that can't be told from a person's own edits; the journal
// tells. A later run (holding the index lock) finds the journals of dead
// runs and settles each one: if the index has the change, the rest of the
// run's writes are made (the working-tree files that still hold what the run
// read); if not, its working-tree moves are undone; in both cases the state
// is one an uninterrupted run could have left, and nothing else is touched.
import { hashHex } from "../lazy-builtins.js";
import { open, readdir, readFile, rename, rm, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { exists, isInside, writeFileAtomic } from "../files.js";
import { listIndex } from "../git/repo.js";
import { fsPath } from "../path-bytes.js";
import { alive, HOST, pidOf, type Places } from "./own-folder.js";

export interface JournalOps {
  /** new files, created before the index changes (base64 content) */
  creates: Array<{ path: string; content: string }>;
  /** working-tree renames, made before the index changes */
  moves: Array<{ from: string; to: string }>;
  /** the index entries the run writes: blob id, or null for a removal */
  index: Array<{ path: string; oid: string | null }>;
  /** working-tree writes after the index: sha-256 of the bytes read, and the bytes to write (base64) */
  writes: Array<{ path: string; before: string; after: string }>;
}

export interface Journal {
  pid: number;
  host: string;
  /** the command line, to know a rerun of the same command */
  command: string[];
  started: number;
  index: string;
  lock: string;
  /** the lock file's inode once held: a lock of git's own is never taken for ours */
  lockIno?: number;
  copy: string;
  ops?: JournalOps;
}

export const sha256 = (bytes: Buffer) => hashHex("sha256", bytes);
export const journalPath = (places: Places, pid = process.pid) => join(places.own, `journal-${pid}.json`);

/** Written whole and flushed to disk (a temporary file, fsync, rename), so a reader finds the old journal or the new one. */
export async function writeJournal(places: Places, journal: Journal): Promise<void> {
  const path = journalPath(places, journal.pid);
  const temp = `${path}.new`;
  const handle = await open(temp, "w");
  try {
    await handle.writeFile(JSON.stringify(journal));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
}

export const removeJournal = (places: Places) => rm(journalPath(places), { force: true });

/** Every journal in the own folder, with whether its run still runs (null: unreadable). */
async function allJournals(places: Places): Promise<Array<{ file: string; journal: Journal | null; alive: boolean }>> {
  const names = await readdir(places.own).catch(() => [] as string[]);
  const found: Array<{ file: string; journal: Journal | null; alive: boolean }> = [];
  for (const name of names) {
    const pid = pidOf(name);
    if (!name.endsWith(".json") || !name.startsWith("journal-") || pid === null) continue;
    const file = join(places.own, name);
    const journal = await readFile(file, "utf8").then(
      (text) => JSON.parse(text) as Journal,
      () => null,
    );
    found.push({ file, journal, alive: alive(pid, journal?.host ?? HOST) });
  }
  return found;
}

/** How long after its journal a run may create its lock (it may wait for another writer first). */
const LOCK_CREATED_WITHIN_MS = 10_000;

/**
 * The mighook run that holds `places.lock`, if one does, and whether it still
 * runs: its journal recorded the lock's inode. A run killed between creating
 * the lock and recording its inode left a lock that is still empty (git
 * writes an index into its lock) and was made soon after its journal; it is
 * taken for that run's only when no running mighook may have made it.
 */
export async function lockHolder(places: Places): Promise<{ journal: Journal; alive: boolean } | null> {
  const lock = await stat(places.lock).catch(() => null);
  if (!lock) return null;
  const journals = (await allJournals(places)).flatMap(({ journal, alive }) => (journal?.lock === places.lock ? [{ journal, alive }] : []));
  const owner = journals.find(({ journal }) => journal.lockIno === lock.ino);
  if (owner) return owner;
  // (This run's own journal has no inode yet either, but this run is the one asking.)
  if (lock.size !== 0 || journals.some(({ journal, alive }) => alive && journal.pid !== process.pid && journal.lockIno === undefined)) return null;
  const made = (journal: Journal) => lock.mtimeMs >= journal.started - 1000 && lock.mtimeMs <= journal.started + LOCK_CREATED_WITHIN_MS;
  return journals.find(({ journal, alive }) => !alive && journal.lockIno === undefined && made(journal)) ?? null;
}

export interface Settled {
  command: string[];
  pid: number;
  /** the run had recorded its intent (it got as far as writing) */
  ops: boolean;
  /** the index had the run's change: its remaining writes were made */
  finished: boolean;
  notes: string[];
}

/** Settles every dead run's journal on this index. Call holding the index lock, before reading it. */
export async function settleDeadRuns(root: string, places: Places): Promise<Settled[]> {
  const settled: Settled[] = [];
  for (const { file, journal, alive } of await allJournals(places)) {
    if (alive || (journal && journal.index !== places.index)) continue; // another index's run: its own rerun settles it
    if (journal) {
      const result = journal.ops ? await settle(root, journal, journal.ops) : { finished: false, notes: [] };
      settled.push({ command: journal.command, pid: journal.pid, ops: Boolean(journal.ops), ...result });
      if (isInside(places.own, journal.copy)) await rm(journal.copy, { force: true });
    }
    await rm(file, { force: true });
  }
  await sweepDeadFiles(places);
  return settled;
}

async function settle(root: string, journal: Journal, ops: JournalOps): Promise<{ finished: boolean; notes: string[] }> {
  const notes: string[] = [];
  // Paths from a file on disk: only ones inside the working tree are acted on.
  const inside = (path: string) => isInside(root, join(root, path));
  if (![...ops.creates.map((c) => c.path), ...ops.moves.flatMap((m) => [m.from, m.to]), ...ops.writes.map((w) => w.path)].every(inside))
    return { finished: false, notes: ["its journal names a path outside the working tree, so mighook left its files alone"] };
  const at = (path: string) => fsPath(root, path); // the exact bytes of a name that is not UTF-8 (path-bytes.ts)
  // The real index (this runs before GIT_INDEX_FILE points at a private copy).
  const entries = ops.index.length ? (await listIndex(root, ops.index.map((o) => o.path))).entries : new Map();
  const finished = ops.index.every((o) => (o.oid === null ? !entries.has(o.path) : entries.get(o.path)?.oid === o.oid));
  if (finished) {
    for (const { from, to } of ops.moves) if ((await exists(at(from))) && !(await exists(at(to)))) await rename(at(from), at(to));
    for (const write of ops.writes) {
      const now = await readFile(at(write.path)).catch(() => null);
      const after = Buffer.from(write.after, "base64");
      if (now && sha256(now) === write.before) await writeFileAtomic(join(root, write.path), after, { root });
      else if (!now || !now.equals(after)) notes.push(`${write.path}: changed since, so its working-tree copy was left as it is`);
    }
  } else {
    for (const { from, to } of ops.moves) if ((await exists(at(to))) && !(await exists(at(from)))) await rename(at(to), at(from));
    for (const create of ops.creates) {
      const now = await readFile(at(create.path)).catch(() => null);
      if (now?.equals(Buffer.from(create.content, "base64")) && !entries.has(create.path)) await unlink(at(create.path));
    }
  }
  // Temporary files of its working-tree writes, next to their targets.
  for (const path of [...ops.writes.map((w) => w.path), ...ops.creates.map((c) => c.path)]) {
    const dir = dirname(join(root, path));
    const prefix = `.${basename(path)}.mighook-${journal.pid}-`;
    for (const name of await readdir(dir).catch(() => [] as string[])) if (name.startsWith(prefix)) await rm(join(dir, name), { force: true });
  }
  return { finished, notes };
}

/** Removes the own folder's files of dead runs (copies of the index, temporary blob folders); journals are settled, not swept. */
export async function sweepDeadFiles(places: Places): Promise<void> {
  for (const name of await readdir(places.own).catch(() => [] as string[])) {
    const pid = pidOf(name);
    if (pid === null || alive(pid) || (name.startsWith("journal-") && name.endsWith(".json"))) continue;
    await rm(join(places.own, name), { recursive: true, force: true });
  }
}
