// Named points in the edit commands where a test can stop mighook for real.
// MIGHOOK_TEST_KILL_AT=<point> makes the process SIGKILL itself there, as a
// crash or `kill -9` would; MIGHOOK_TEST_STOP_AT=<point> makes it SIGSTOP
// itself there, so a test can act (stage a hunk, start a second mighook) while
// it holds its state, then let it go on with SIGCONT. Unset, they cost nothing.
export type TestPoint =
  | "lock" // the index lock file is created; its inode not yet in the journal
  | "locked" // the index lock is held and the private copy made; nothing planned yet
  | "blobs" // the new blobs' temporary files are written; not yet stored
  | "journal" // the intent journal is written; nothing changed yet
  | "moved" // a new migration is created / a renamed one moved in the working tree; the index not yet changed
  | "staged" // the private copy of the index has the change; the index not yet replaced
  | "index" // the index is replaced; the working-tree suite files not yet written
  | "worktree"; // everything is written; the journal not yet removed


export function testPoint(point: TestPoint): void {
  if (process.env.MIGHOOK_TEST_KILL_AT === point) process.kill(process.pid, "SIGKILL");
  if (process.env.MIGHOOK_TEST_STOP_AT === point) process.kill(process.pid, "SIGSTOP");
}
