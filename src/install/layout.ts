import { statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { simpleGit } from "simple-git";
import { isInside, realOrMissing as real } from "../files.js";
import { git } from "../git/run.js";

/** Where this repository's hooks live, as git itself resolves them. */
export interface Layout {
  /** the working tree's top-level folder */
  root: string;
  /** the git folder shared by every linked worktree */
  commonDir: string;
  /** where git runs hooks from: `git rev-parse --git-path hooks`, which honours core.hooksPath */
  hooksDir: string;
  /** core.hooksPath as configured (any scope), or null; "" when set to nothing */
  hooksPath: string | null;
  /** the config file that sets core.hooksPath (the one git obeys), or null */
  hooksPathFile: string | null;
}

/**
 * Reads the layout with one rev-parse; null outside a working tree (a bare
 * repository or no repository at all), where there is nothing to guard.
 */
export async function readLayout(cwd = process.cwd()): Promise<Layout | null> {
  const parsed = await git(["rev-parse", "--show-toplevel", "--git-common-dir", "--git-path", "hooks"], { cwd, okCodes: [128] }).catch(() => null);
  if (!parsed || parsed.code !== 0) return null;
  const [root, commonDir, hooks] = parsed.stdout.toString("utf8").split("\n");
  if (!root || !commonDir || !hooks) return null;
  // rev-parse answers relative to the folder it ran in; a relative
  // core.hooksPath is relative to the working tree's root, where hooks run.
  // simple-git reads the setting with the file that sets it, so a refusal
  // can say where to look (a global ~/.gitconfig surprises people).
  const config = await simpleGit({ baseDir: root }).getConfig("core.hooksPath");
  const hooksPath = config.value === null || config.value === undefined ? null : config.value.trim();
  const hooksPathFile = hooksPath === null ? null : (config.paths.at(-1) ?? null);
  return { root, commonDir: resolve(cwd, commonDir), hooksDir: resolve(cwd, hooks), hooksPath, hooksPathFile };
}

/** The hooks folder git uses when core.hooksPath is not set. */
export const defaultHooksDir = (layout: Layout) => join(layout.commonDir, "hooks");

/**
 * True when the hooks folder belongs to this repository: inside its working
 * tree or its git folder. A folder elsewhere (a global core.hooksPath) serves
 * every repository on the machine, and mighook must not install there.
 */
export function hooksDirIsInside(layout: Layout): boolean {
  const dir = real(layout.hooksDir);
  return [layout.root, layout.commonDir].some((parent) => within(dir, real(parent)));
}

/**
 * The husky folder git runs hooks through, if husky is set up: core.hooksPath
 * ends in `.husky/_` (v9) or `.husky` (v8). Without core.hooksPath, a
 * `.husky/` folder at the root means husky is not installed in this clone yet.
 */
export function huskyDir(layout: Layout): string | null {
  if (layout.hooksPath !== null) {
    const dir = layout.hooksDir.replace(/[\\/]+$/, "");
    if (basename(dir) === "_" && basename(dirname(dir)) === ".husky") return dirname(dir);
    if (basename(dir) === ".husky") return dir;
    return null;
  }
  const dir = join(layout.root, ".husky");
  return statSync(dir, { throwIfNoEntry: false })?.isDirectory() ? dir : null;
}

const within = (child: string, parent: string): boolean => child === parent || isInside(parent, child);

