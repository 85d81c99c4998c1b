// mighook's own folder in the git directory, `<git dir>/mighook/`: the intent
// journal, the private copy of the index and the temporary files of a run
// live there, never in a shared temp folder. Each name carries the process id
// of the run that made it, so a later run removes only what dead runs left:
// sweeping by age or by pattern alone could delete a concurrent run's files.
import { processRunning, tempTag } from "../processes.js";
import { hostname } from "node:os";
import { join, resolve } from "node:path";
import { git } from "../git/run.js";

export interface Places {
  /** the git directory (per worktree) */
  gitDir: string;
  /** the index the commands edit: GIT_INDEX_FILE when set */
  index: string;
  /** git's lock for it: `<index>.lock` */
  lock: string;
  /** `<git dir>/mighook` */
  own: string;
}

/** Where things are; one git process. Call before GIT_INDEX_FILE points at a private copy. */
export async function findPlaces(root: string): Promise<Places> {
  const [gitDir = "", index = ""] = (await git(["rev-parse", "--absolute-git-dir", "--git-path", "index"], { cwd: root })).stdout
    .toString("utf8")
    .split("\n");
  const indexPath = resolve(root, index);
  return { gitDir, index: indexPath, lock: `${indexPath}.lock`, own: join(gitDir, "mighook") };
}

/** A fresh name in the own folder for this process: `<kind>-<pid>-<random>`. */
export const ownName = (places: Places, kind: string) => join(places.own, `${kind}-${tempTag()}`);

/** The process id a name made by this module (or a journal) carries. */
export function pidOf(name: string): number | null {
  const match = /^[a-z]+-(\d+)(?:[-.]|$)/.exec(name);
  return match ? Number(match[1]) : null;
}

export const HOST = hostname();

/** Whether the process still runs (on this machine; another machine's is taken as running). */
export function alive(pid: number, host = HOST): boolean {
  if (host !== HOST) return true;
  return pid === process.pid || processRunning(pid);
}
