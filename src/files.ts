// Small file helpers shared by the commands that write (install, the edits).
import { tempTag } from "./processes.js";
import { chmod, link, lstat, mkdir, open, readlink, realpath, rename, rm, stat, writeFile } from "node:fs/promises";
import { constants, realpathSync, type Stats } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { MighookError } from "./errors.js";

/**
 * mighook's own folder in the git directory (`<git dir>/mighook`: journals,
 * index copies, caches), made if missing. One that is not a real folder is
 * refused: a symbolic link there would lead mighook's writes out of the repository.
 */
export async function ownFolderReady(dir: string): Promise<void> {
  if (!(await lstat(dir).catch(() => null))) await mkdir(dir, { recursive: true });
  if (!(await lstat(dir)).isDirectory())
    throw new MighookError(
      `${dir} is not a folder (a symbolic link?): mighook keeps its journals and caches there, and writes only inside the repository`,
      `Remove it (\`rm ${dir}\`); mighook makes the folder again.`,
    );
}

/** The file's bytes as text, or null when it does not exist. */
export async function readIfExists(path: string): Promise<string | null> {
  return (await readRegularFile(path, { shownAs: path }))?.toString("utf8") ?? null;
}

export { CONFIG_READ_LIMIT, MAX_CONFIG_BYTES, MAX_FILE_BYTES, mebibytes } from "./limits.js";
import { MAX_FILE_BYTES, mebibytes } from "./limits.js";

/**
 * A regular file's bytes, or null when nothing is there. Anything else is
 * refused before it is opened, with a message: a FIFO would block the read
 * forever (and the hook with it), a device such as /dev/urandom never ends,
 * a folder has no bytes. A symbolic link is followed to what it names, which
 * must be a regular file too. The size is capped (`limit`): past it, a clear
 * error rather than gigabytes of memory.
 */
export async function readRegularFile(
  path: string | Buffer,
  { shownAs, limit = MAX_FILE_BYTES }: { shownAs: string; limit?: number },
): Promise<Buffer | null> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT" || error.code === "ENOTDIR") return null;
    throw new UnreadableFile(shownAs, `could not be read (${error.code ?? error.message})`, "Check the file's permissions, then run the command again.");
  });
  if (!info) return null;
  refuseIrregular(info, shownAs, limit);
  // O_NONBLOCK: should it have become a FIFO since the stat, the open still
  // returns at once, and fstat refuses it.
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw new UnreadableFile(shownAs, `could not be read (${error.code ?? error.message})`, "Check the file's permissions, then run the command again.");
  });
  if (!handle) return null;
  try {
    const now = await handle.stat();
    refuseIrregular(now, shownAs, limit);
    // Up to the limit and a byte more, whatever the size said: a file that
    // grew since (or one that reports no size) is caught too.
    const chunks: Buffer[] = [];
    let length = 0;
    while (length <= limit) {
      const chunk = Buffer.alloc(Math.min(Math.max(now.size - length, 65536), limit + 1 - length));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, length);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      length += bytesRead;
    }
    if (length > limit) refuseIrregular({ isFile: () => true, size: length } as Stats, shownAs, limit);
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  } finally {
    await handle.close();
  }
}

/** A file mighook will not read; `reason` says why in a few words ("is a folder, not a regular file"). */
export class UnreadableFile extends MighookError {
  constructor(
    shownAs: string,
    readonly reason: string,
    hint: string,
  ) {
    super(`${shownAs} ${reason}`, hint);
  }
}

function refuseIrregular(info: Stats, shownAs: string, limit: number): void {
  if (info.isFile()) {
    if (info.size > limit)
      throw new UnreadableFile(
        shownAs,
        `is ${mebibytes(info.size)}, more than mighook reads (${mebibytes(limit)})`,
        "Check that this is the file you meant; a file this large is not something to keep there.",
      );
    return;
  }
  const kind = info.isDirectory() ? "a folder" : info.isFIFO() ? "a named pipe (FIFO)" : info.isSocket() ? "a socket" : "a device";
  throw new UnreadableFile(
    shownAs,
    `is ${kind}, not a regular file (mighook reads only regular files: reading this one could block or never end)`,
    "Replace it with a regular file, or move it out of the way, then run the command again.",
  );
}

export async function exists(path: string | Buffer): Promise<boolean> {
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
  const temp = tempSibling(path);
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

/** A temporary sibling's name, with this process's id: a killed run's leftovers are known by it (edit/journal.ts). */
const tempSibling = (path: string) => join(dirname(path), `.${basename(path)}.mighook-${tempTag()}`);

/**
 * Creates a file that must not exist yet, whole or not at all: written to a
 * temporary sibling, then hard-linked to its name (EEXIST if taken). A file
 * system without hard links gets an exclusive create instead.
 */
export async function createFileExclusive(path: string, content: Uint8Array): Promise<void> {
  const temp = tempSibling(path);
  await writeFile(temp, content, { flag: "wx" });
  try {
    await link(temp, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS") throw error;
    await writeFile(path, content, { flag: "wx" });
  } finally {
    await rm(temp, { force: true });
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
