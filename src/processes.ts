// Names of temporary files carry the id of the process that made them, so that
// a killed run's leftovers can be told from a running one's. No imports: the
// launcher (src/launch.ts) uses this too, and stays a file of its own.

/**
 * `<pid>-<8 hex digits>` for a temporary file's name: the process id says
 * whose it is (a killed run's leftovers are swept by it, edit/journal.ts), and
 * the digits keep one process's names apart. They need no secrecy, so
 * Math.random serves, without node:crypto (about 5 ms to load).
 */
export const tempTag = (): string => `${process.pid}-${Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, "0")}`;

/** Whether a process with this id runs on this machine (one of another user's counts: EPERM). */
export function processRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
