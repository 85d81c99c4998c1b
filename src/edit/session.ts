// An edit command's hold on the index, from its first read to its last write,
// with git's own lock discipline:
//   1. create `<index>.lock` exclusively (O_EXCL), as every git command that
//      writes the index does; while it exists, no other writer can start;
//   2. copy the index to a private file in `<git dir>/mighook/` and point
//      GIT_INDEX_FILE at it, so every read (ls-files, cat-file, diff) and
//      the write (update-index) of this run work on that copy;
//   3. write the copy's bytes into the lock file, flush, and rename the lock
//      over the index: other writers see the old index or the new one, and
//      anything they staged before step 1 is in both.
// The intent journal (journal.ts) covers the time between the index and the
// working-tree writes; runs killed earlier are settled under the lock first.
import { closeSync, rmSync, unlinkSync } from "node:fs";
import { ownFolderReady } from "../files.js";
import { copyFile, open, readFile, rename, rm, unlink, type FileHandle } from "node:fs/promises";
import { MighookError } from "../errors.js";
import { journalPath, lockHolder, removeJournal, settleDeadRuns, writeJournal, type Journal, type JournalOps, type Settled } from "./journal.js";
import { findPlaces, HOST, ownName, type Places } from "./own-folder.js";
import { say } from "../say.js";
import { testPoint } from "./test-points.js";

/** How long a run waits for another writer (git, or a second mighook) to release the index. */
const LOCK_WAIT_MS = 5000;
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
const SIGNAL_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

export class EditSession {
  /** journals of killed runs that this run settled before it read the index */
  readonly settled: Settled[];
  private lockHandle: FileHandle | null;
  private journal: Journal;
  private readonly envIndex: string | undefined;
  /** between the journal's intent and the last write, a signal waits for the run to end */
  private critical = false;
  private caught: (typeof SIGNALS)[number] | null = null;
  private readonly onSignal = (signal: (typeof SIGNALS)[number]) => {
    if (this.critical) this.caught ??= signal;
    else {
      this.releaseSync();
      process.exit(SIGNAL_CODES[signal]);
    }
  };

  private constructor(
    readonly root: string,
    readonly places: Places,
    handle: FileHandle,
    journal: Journal,
    settled: Settled[],
  ) {
    this.lockHandle = handle;
    this.journal = journal;
    this.settled = settled;
    this.envIndex = process.env.GIT_INDEX_FILE;
  }

  /** Takes the index lock (waiting a little for another writer), settles killed runs, and points the reads at a private copy. */
  static async begin(root: string, command: string[]): Promise<EditSession> {
    const places = await findPlaces(root);
    await ownFolderReady(places.own);
    const journal: Journal = { pid: process.pid, host: HOST, command, started: Date.now(), index: places.index, lock: places.lock, copy: ownName(places, "index") };
    // Written before the lock exists, so that a lock left by a kill right
    // after its creation is known for this run's.
    await writeJournal(places, journal);
    let handle: FileHandle;
    try {
      handle = await takeLock(places);
    } catch (error) {
      await removeJournal(places);
      throw error;
    }
    testPoint("lock");
    const session = new EditSession(root, places, handle, journal, []);
    for (const signal of SIGNALS) process.on(signal, session.onSignal);
    try {
      journal.lockIno = (await handle.stat()).ino;
      await writeJournal(places, journal);
      (session.settled as Settled[]).push(...(await settleDeadRuns(root, places)));
      await copyFile(places.index, journal.copy).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOENT") throw error; // no index yet: git starts from an empty one
      });
      process.env.GIT_INDEX_FILE = journal.copy;
    } catch (error) {
      await session.end();
      throw error;
    }
    testPoint("locked");
    return session;
  }

  /** A dead run of this same command that the settling finished: nothing is left to do. */
  finishedEarlier(command: string[]): Settled | undefined {
    return this.settled.find((s) => s.finished && s.command.length === command.length && s.command.every((a, i) => a === command[i]));
  }

  /** Records what the run is about to write; from here on a kill is settled by the next run. */
  async intend(ops: JournalOps): Promise<void> {
    this.critical = true;
    this.journal = { ...this.journal, ops };
    await writeJournal(this.places, this.journal);
    testPoint("journal");
  }

  /** Replaces the index with the private copy (which update-index has changed), through the lock. */
  async install(): Promise<void> {
    const handle = this.lockHandle!;
    const bytes = await readFile(this.journal.copy);
    await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
    this.lockHandle = null;
    try {
      await rename(this.places.lock, this.places.index);
    } catch (error) {
      await unlink(this.places.lock).catch(() => {});
      throw error;
    }
    testPoint("index");
  }

  /** Lets go: the lock (when the index was not replaced), the copy, the journal; GIT_INDEX_FILE as it was. */
  async end(): Promise<void> {
    if (this.envIndex === undefined) delete process.env.GIT_INDEX_FILE;
    else process.env.GIT_INDEX_FILE = this.envIndex;
    if (this.lockHandle) {
      await this.lockHandle.close().catch(() => {});
      this.lockHandle = null;
      await unlink(this.places.lock).catch(() => {});
    }
    await rm(this.journal.copy, { force: true });
    await removeJournal(this.places);
    for (const signal of SIGNALS) process.off(signal, this.onSignal);
    this.critical = false;
    if (this.caught) process.exit(SIGNAL_CODES[this.caught]);
  }

  /** On a signal before any write: the lock, the copy and the journal go, synchronously, before the exit. */
  private releaseSync(): void {
    if (this.lockHandle) {
      try {
        closeSync(this.lockHandle.fd);
      } catch {}
      try {
        unlinkSync(this.places.lock);
      } catch {}
    }
    rmSync(this.journal.copy, { force: true });
    rmSync(journalPath(this.places), { force: true });
  }
}

/** `<index>.lock`, created exclusively; a dead mighook's lock is removed; another writer's is waited for, a while. */
async function takeLock(places: Places): Promise<FileHandle> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      return await open(places.lock, "wx", 0o666);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = await lockHolder(places);
    if (holder && !holder.alive) {
      await unlink(places.lock).catch(() => {}); // a killed mighook's: its journal is settled next
      continue;
    }
    if (Date.now() >= deadline) {
      const who = holder ? `\`mighook ${holder.journal.command.join(" ")}\` (process ${holder.journal.pid})` : "another process (a git command, an editor)";
      throw new MighookError(
        `${who} is using the index: ${places.lock} exists, and stayed for ${LOCK_WAIT_MS / 1000} s; nothing was changed`,
        `Wait for it to finish and run mighook again. If no git command is running, one crashed and left the lock behind: remove ${places.lock}.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Runs `body` holding the index (see EditSession), after saying what was
 * settled of killed runs. When the settling finished a killed run of this
 * same command, that run's work is done and `body` is not run: a rerun after
 * an interruption converges to what one uninterrupted run gives.
 */
export async function withEditSession(root: string, command: string[], body: (session: EditSession) => Promise<void>): Promise<void> {
  const session = await EditSession.begin(root, command);
  try {
    for (const s of session.settled) {
      if (!s.ops) continue;
      const what = `\`mighook ${s.command.join(" ")}\` (process ${s.pid}) was interrupted`;
      say(
        s.finished
          ? `${what} after it staged its change; its working-tree writes are now made.`
          : `${what} before it staged anything; the working-tree files it had moved or created are put back.`,
        ...s.notes.map((note) => `  ${note}`),
      );
    }
    if (session.finishedEarlier(command)) return;
    await body(session);
  } finally {
    await session.end();
  }
}
