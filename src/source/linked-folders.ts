import { lstat, readlink } from "node:fs/promises";
import { join, posix } from "node:path";
import { cleanPath } from "../config/load.js";
import { MighookError } from "../errors.js";
import type { Source } from "./types.js";

// A migrations folder committed as a symbolic link: git records the link (one
// entry whose bytes are a path) and the files under the folder it points to,
// by their real paths. goose follows the link; mighook judges paths as git
// records them, so it would see an empty set under the link's path and never
// see a new migration added in the real folder. Writing through the link would
// stage a path the link covers, or land outside the repository. So a
// configured folder that is a link, or lies under one, is refused outright,
// naming the real folder to configure instead.

/** "a/b/c" → ["a", "a/b", "a/b/c"]: every folder on the way, the folder itself last. */
export function foldersOnTheWay(dir: string): string[] {
  const parts = dir.split("/").filter((part) => part !== "" && part !== ".");
  return parts.map((_, i) => parts.slice(0, i + 1).join("/"));
}

/**
 * Exit 2 when a configured folder, or a folder on its way within the
 * repository, is a symbolic link in the source: in the index or a commit's
 * tree (mode 120000), or on disk for the working tree.
 */
export async function refuseLinkedFolders(source: Pick<Source, "linksAt" | "label">, dirs: Array<{ dir: string; where: string }>): Promise<void> {
  const wanted = [...new Set(dirs.flatMap(({ dir }) => foldersOnTheWay(dir)))].filter((path) => !path.includes("\n"));
  if (wanted.length === 0) return;
  const links = await source.linksAt(wanted);
  if (links.size === 0) return;
  for (const { dir, where } of dirs) {
    const link = foldersOnTheWay(dir).find((path) => links.has(path));
    if (link === undefined) continue;
    throw linkedFolderError(dir, where, link, links.get(link)!, source.label);
  }
}

/** How messages name a config key: `mighook.config.json: sets[0].dir`. */
export const configKey = (source: string | null, key: string) =>
  source === null ? `the default config (${key}: "migrations")` : `${source === "package.json" ? 'package.json "mighook"' : source}: ${key}`;

/**
 * The folders a config names, read without validating it (the hook's quick
 * path loads no zod); those it can't read are the full check's to report.
 */
export function quickFolders(found: { source: string; raw: unknown } | null): Array<{ dir: string; where: string }> {
  if (!found) return [{ dir: "migrations", where: configKey(null, "sets[0].dir") }];
  const sets = (found.raw as { sets?: unknown } | null)?.sets;
  if (!Array.isArray(sets)) return [];
  return sets.flatMap((set: { dir?: unknown }, i) => {
    const dir = typeof set?.dir === "string" ? cleanPath(set.dir) : null;
    return dir === null ? [] : [{ dir, where: configKey(found.source, `sets[${i}].dir`) }];
  });
}

/** The folders on disk, for the commands that write files there (the index may not know the link yet). */
export const onDisk = (root: string): Pick<Source, "linksAt" | "label"> => ({ label: "the working tree", linksAt: (paths) => linksOnDisk(root, paths) });

/** The on-disk answer, shared by the working-tree source and commands that write files. */
export async function linksOnDisk(root: string, paths: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  await Promise.all(
    paths.map(async (path) => {
      const info = await lstat(join(root, path)).catch(() => null);
      if (info?.isSymbolicLink()) found.set(path, await readlink(join(root, path)));
    }),
  );
  return found;
}

function linkedFolderError(dir: string, where: string, link: string, target: string, label: string): MighookError {
  // A link's target is relative to the folder holding the link.
  const resolved = posix.isAbsolute(target) ? null : posix.normalize(posix.join(posix.dirname(link), target));
  const outside = resolved === null || resolved === ".." || resolved.startsWith("../");
  const real = outside ? null : posix.join(resolved, posix.relative(link, dir)).replace(/\/$/, "") || ".";
  const what = link === dir ? `the migrations folder "${dir}"` : `"${link}", a folder on the way to the migrations folder "${dir}",`;
  const message = `${where}: ${what} is a symbolic link to ${target} in ${label}: git records the link and the files under the folder it points to by their real paths, so mighook would judge an empty folder and miss every migration added there`;
  const hint = real
    ? `Set "dir" to the real folder, "${real}", and commit that; the link can stay for goose and other tools.`
    : `It points outside this repository, where mighook judges nothing and writes nothing. Move the migrations into the repository and set "dir" to that folder.`;
  return new MighookError(message, hint);
}
