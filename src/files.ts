// Small file helpers shared by the commands that write (install, the edits).
import { randomBytes } from "node:crypto";
import { chmod, lstat, readFile, readlink, realpath, rename, rm, stat, writeFile } from "node:fs/promises";
import { realpathSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { MighookError } from "./errors.js";

/** The file's bytes as text, or null when it does not exist. */
export async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return null;
    if (code === "EISDIR") throw new MighookError(`${path} is a folder, where mighook expected a file`, "Move the folder aside, then run the command again.");
    throw error;
  }
}

export async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

export async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/**
 * Writes through a temporary sibling and a rename, so that a commit starting
 * at the same moment sees the old file or the new one, never half of one. The
 * mode is set explicitly: the umask must not decide whether a hook runs.
 */
export async function writeFileAtomic(target: string, content: string | Uint8Array, options: { mode?: number; root?: string } = {}): Promise<void> {
  const { mode } = options;
  const path = await writablePath(target, options.root);
  const temp = join(dirname(path), `.${basename(path)}.mighook-${randomBytes(4).toString("hex")}`);
  try {
    await writeFile(temp, content);
    // Keep the mode of the file being replaced, unless told otherwise.
    const keep = mode ?? (await stat(path).then((s) => s.mode & 0o7777, () => undefined));
    if (keep !== undefined) await chmod(temp, keep);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Where a write to `target` lands. Through a symlink, the file it points to
 * changes and the link stays. A dangling link is refused (writing would
 * replace it), and so is a place that a link, of the file or of a folder on
 * the way (a `.husky` linked to a dotfiles folder, say), leads out of `root`:
 * that file is beyond this repository.
 */
export async function writablePath(target: string, root: string | undefined): Promise<string> {
  const link = await lstat(target).catch(() => null);
  const where = root ? shown(root, target) : target;
  const path = link?.isSymbolicLink() ? await realpath(target).catch(() => null) : target;
  if (path === null)
    throw new MighookError(`${where} is a symbolic link to ${await readlink(target)}, which does not exist`, "Create the file it points to, or remove the link, then run the command again.");
  const lands = realOrMissing(path);
  if (root && !isInside(realOrMissing(root), lands))
    throw new MighookError(
      `${where} leads to ${lands}, outside this repository (through a symbolic link): mighook changes only files in the repository`,
      "Edit that file by hand, or replace the link with a copy of it, then run the command again.",
      1, // a refusal, like a hooks folder outside the repository: nothing is broken
    );
  return path;
}

/** `path` is strictly inside `folder` (not the folder itself). */
export const isInside = (folder: string, path: string) => {
  const rel = relative(folder, path);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
};

/** How messages name a path: relative to the repository when inside it. */
export function shown(root: string, path: string): string {
  return isInside(root, path) ? relative(root, path) : path;
}

/** realpath of the longest existing prefix (the hooks folder may not exist yet). */
export function realOrMissing(path: string): string {
  const missing: string[] = [];
  let current = resolve(path);
  for (;;) {
    try {
      return join(realpathSync(current), ...missing.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return resolve(path);
      missing.push(basename(current));
      current = parent;
    }
  }
}
