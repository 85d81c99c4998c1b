// Changing suite files in the index and in the working tree separately.
//
// The index gets the edit applied to the staged content; the working tree gets
// the same edit applied to its own content, so an unstaged change elsewhere in
// the file stays unstaged and stays in the working tree. When the working-tree
// version can't take the edit (deleted, not Go, not UTF-8...), only the index
// changes, and the outcome says why.
//
// Planning reads and computes everything first; nothing changes until commit,
// which writes the index in one step and then the working-tree files.
import { mkdir, rename, unlink } from "node:fs/promises";
import { MighookError } from "../errors.js";
import { createFileExclusive, readRegularFile, UnreadableFile, writeFileAtomic } from "../files.js";
import { dirname, join } from "node:path";
import { fsPath, quotePath } from "../path-bytes.js";
import type { Snapshot } from "../source/types.js";
import { indexEntries, storeBlobs, updateIndex, type IndexChange } from "./git-index.js";
import { sha256 } from "./journal.js";
import type { EditSession } from "./session.js";
import { describeChanges, EditError, type ListChange } from "./suites.js";
import { editable } from "./text.js";
import { testPoint } from "./test-points.js";

/** One edit of the lists called `listName` in `file`. */
export interface SuiteStep {
  file: string;
  listName: string;
  /** the edit on the index's text (throws EditError when it can't be made) */
  index(text: string): string;
  /** the same edit on the working tree's text, knowing what it did to the index's */
  worktree(text: string, indexBefore: string, indexAfter: string): string;
  /** for the report: an entry rename this edit makes */
  renamed?: { from: string; to: string };
}

export type WorktreeOutcome =
  | { kind: "same" } // the working-tree file gets exactly what the index gets
  | { kind: "merged" } // the edit applied to a working-tree file that differs from the index
  | { kind: "unchanged" } // the edit changes nothing there (already right)
  | { kind: "skipped"; reason: string } // planned so: the file can't take the edit
  | { kind: "failed"; reason: string }; // the write itself did not happen (commitPlan)

export interface SuiteOutcome {
  file: string;
  /** what the edit did to the index's lists (empty: nothing to do) */
  changes: ListChange[];
  /** set when the index's version could not be edited at all */
  error?: string;
  worktree: WorktreeOutcome;
}

export interface SuitePlan {
  outcomes: SuiteOutcome[];
  indexChanges: IndexChange[];
  worktreeWrites: Array<{ path: string; before: Buffer; after: Buffer }>;
}

export async function planSuites(root: string, snapshot: Snapshot, steps: SuiteStep[]): Promise<SuitePlan> {
  const files = [...new Set(steps.map((s) => s.file))];
  const [contents, entries] = await Promise.all([snapshot.read(files), indexEntries(root, files)]);
  const plan: SuitePlan = { outcomes: [], indexChanges: [], worktreeWrites: [] };
  for (const file of files) {
    const fileSteps = steps.filter((s) => s.file === file);
    const bytes = contents.get(file);
    const entry = entries.get(file);
    const fail = (error: string) => plan.outcomes.push({ file, changes: [], error, worktree: { kind: "skipped", reason: "the index could not be edited" } });
    if (snapshot.links?.has(file)) {
      fail("it is a symbolic link in the index; point the config's suite \"file\" at the file it links to");
      continue;
    }
    if (!bytes || !entry) {
      fail("it is not in the index");
      continue;
    }
    const staged = editable(bytes);
    if (!staged) {
      fail("it is not valid UTF-8, so mighook does not edit it");
      continue;
    }
    // The index: each step on the result of the previous one.
    const texts = [staged.text];
    const changes: ListChange[] = [];
    try {
      for (const step of fileSteps) {
        const before = texts.at(-1)!;
        const after = step.index(before);
        changes.push(...describeChanges(before, after, step.listName, step.renamed));
        texts.push(after);
      }
    } catch (error) {
      if (!(error instanceof EditError)) throw error;
      fail(error.message);
      continue;
    }
    const stagedAfter = staged.encode(texts.at(-1)!);
    const changed = !stagedAfter.equals(bytes);
    if (changed) plan.indexChanges.push({ path: file, mode: entry.mode, content: stagedAfter, flags: entry.flags });
    const worktree = await planWorktree(root, file, fileSteps, texts, plan);
    plan.outcomes.push({ file, changes, worktree: changed || worktree.kind !== "same" ? worktree : { kind: "unchanged" } });
  }
  return plan;
}

async function planWorktree(root: string, file: string, steps: SuiteStep[], indexTexts: string[], plan: SuitePlan): Promise<WorktreeOutcome> {
  // Never a FIFO or a device: the edit would wait on it forever.
  const before = await readRegularFile(fsPath(root, file), { shownAs: quotePath(file) }).catch((error: Error) => error);
  if (before === null) return { kind: "skipped", reason: "the file is missing from the working tree" };
  if (before instanceof Error)
    return { kind: "skipped", reason: `the working-tree file could not be read (${before instanceof UnreadableFile ? `it ${before.reason}` : before.message})` };
  const current = editable(before);
  if (!current) return { kind: "skipped", reason: "the working-tree file is not valid UTF-8" };
  let text = current.text;
  const same = text === indexTexts[0];
  try {
    steps.forEach((step, i) => (text = step.worktree(text, indexTexts[i]!, indexTexts[i + 1]!)));
  } catch (error) {
    if (!(error instanceof EditError)) throw error;
    return { kind: "skipped", reason: `the working-tree version can't take the edit: ${error.message}` };
  }
  const after = current.encode(text);
  if (after.equals(before)) return same ? { kind: "same" } : { kind: "unchanged" };
  plan.worktreeWrites.push({ path: file, before, after });
  return same ? { kind: "same" } : { kind: "merged" };
}

/** Working-tree changes made before the index's: a new migration, a renamed one. */
export interface Prepare {
  creates?: Array<{ path: string; content: Buffer }>;
  moves?: Array<{ from: string; to: string }>;
}

/**
 * Makes the planned changes, under the session's index lock: the intent
 * journal first; then the working-tree files the index will name (`prepare`);
 * then the index in one step (with `extra` changes, such as a new migration);
 * then the working-tree suite files. Only a failure up to the index step
 * throws, and then nothing has changed (a prepared file is put back). A
 * working-tree file that changed since it was read, or can't be written, is
 * left as it was (written whole or not at all): the index has the change all
 * the same, and the file's outcome says why its working-tree copy was skipped.
 */
export async function commitPlan(session: EditSession, plan: SuitePlan, extra: IndexChange[] = [], prepare: Prepare = {}): Promise<void> {
  const { root } = session;
  const changes = await storeBlobs(root, session.places, [...extra, ...plan.indexChanges]);
  if (changes.length === 0 && plan.worktreeWrites.length === 0) return;
  await session.intend({
    creates: (prepare.creates ?? []).map((c) => ({ path: c.path, content: c.content.toString("base64") })),
    moves: prepare.moves ?? [],
    index: changes.map((c) => ({ path: c.path, oid: "remove" in c ? null : c.oid })),
    writes: plan.worktreeWrites.map((w) => ({ path: w.path, before: sha256(w.before), after: w.after.toString("base64") })),
  });
  const undo = await prepareWorktree(root, prepare);
  testPoint("moved");
  try {
    await updateIndex(root, changes);
    testPoint("staged");
    if (changes.length) await session.install();
  } catch (error) {
    await undo();
    throw error;
  }
  for (const write of plan.worktreeWrites) {
    // Written whole or not at all (a temporary file, then a rename): never in
    // place, where a failure halfway would lose unstaged edits. A folder that
    // takes no new file (read-only) leaves the file as it was, and says so.
    const fail = (reason: string) => {
      const outcome = plan.outcomes.find((o) => o.file === write.path);
      if (outcome) outcome.worktree = { kind: "failed", reason: `${reason}, so it was left as it was` };
    };
    const path = join(root, write.path);
    const now = await readRegularFile(fsPath(root, write.path), { shownAs: quotePath(write.path) }).catch(() => null);
    if (!now || !now.equals(write.before)) fail("the working-tree file changed while mighook worked");
    else
      await writeFileAtomic(path, write.after, { root }).catch((error: NodeJS.ErrnoException) =>
        fail(error instanceof MighookError ? error.message : `the working-tree file could not be written (${error.code ?? error.message})`),
      );
  }
  testPoint("worktree");
}

/** Creates and moves working-tree files; returns how to put them back. A failure puts back what was done, and throws. */
async function prepareWorktree(root: string, prepare: Prepare): Promise<() => Promise<void>> {
  const done: Array<() => Promise<void>> = [];
  const undo = async () => {
    for (const step of done.reverse()) await step().catch(() => {});
  };
  try {
    for (const { path, content } of prepare.creates ?? []) {
      const full = join(root, path); // a new migration's name is ASCII (migration-file.ts)
      await mkdir(dirname(full), { recursive: true });
      await createFileExclusive(full, content).catch((error: NodeJS.ErrnoException) => {
        if (error.code === "EEXIST") throw new MighookError(`${path} already exists`, "Move it out of the way, or choose another name.");
        throw error;
      });
      done.push(() => unlink(full));
    }
    for (const { from, to } of prepare.moves ?? []) {
      await rename(fsPath(root, from), fsPath(root, to));
      done.push(() => rename(fsPath(root, to), fsPath(root, from)));
    }
  } catch (error) {
    await undo();
    throw error;
  }
  return undo;
}

/** Plain-words lines about what happened to each suite file. */
export function describeOutcomes(outcomes: SuiteOutcome[], format: (change: ListChange) => string): string[] {
  const lines: string[] = [];
  for (const o of outcomes) {
    if (o.error) {
      lines.push(`${o.file}: not edited: ${o.error}`);
      continue;
    }
    if (o.changes.length === 0 && o.worktree.kind !== "merged" && o.worktree.kind !== "failed") continue;
    const how =
      o.changes.length === 0
        ? o.worktree.kind === "failed"
          ? `the index was already right; the working-tree file did not get the change: ${o.worktree.reason}`
          : "the index was already right; the working-tree file got the change, keeping its unstaged edits"
        : {
            same: "staged; the working-tree file got the same change",
            merged: "staged; the working-tree file got the same change, keeping its unstaged edits",
            unchanged: "staged; the working-tree file needed no change",
            skipped: `staged in the index only: ${o.worktree.kind === "skipped" ? o.worktree.reason : ""}`,
            failed: `staged in the index only: ${o.worktree.kind === "failed" ? o.worktree.reason : ""}`,
          }[o.worktree.kind];
    lines.push(`${o.file} (${how}):`, ...o.changes.map((change) => `  ${format(change)}`));
  }
  return lines;
}
