// The hook's Node-free pre-check (hooks/pre-commit, hooks/mighook-staged) asks
// git whether the commit stages anything mighook watches. Shell can't read the
// JSON config, so mighook leaves the answer's inputs in <git dir>/mighook/fastpath
// each time it reads the config of the index.
//
// Why a changed config can never make the hook skip a relevant commit: the
// cache names the exact bytes it was computed from (the index entries of both
// config files, and their working-tree blobs when the index holds no config,
// as `check --staged` then reads those), and the pathspecs are a function of
// those bytes alone. The hook verifies the bytes before using the pathspecs,
// so it uses them only when `check --staged` would read the same config.
// Anything it can't verify hands the commit to mighook.
import { readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import { ownFolderReady, readRegularFile } from "../files.js";
import { configFromLayers, readConfigLayers, type ConfigLayers } from "../config/find.js";
import { findConfig, relevantPathsQuick } from "../config/load.js";
import { CONFIG_FILE, PACKAGE_FILE } from "../config/types.js";
import { decodeText } from "../model/text.js";
import { encodePath } from "../path-bytes.js";
import { blobId } from "../git/blobs.js";
import { hashHex } from "../lazy-builtins.js";
import { tempTag } from "../processes.js";
import { indexSource } from "../source/index-source.js";
import { quickFolders, refuseLinkedFolders } from "../source/linked-folders.js";

/** Bumped whenever what the hook must treat as relevant changes: an older cache is then ignored. */
export const FASTPATH_VERSION = 2;

/**
 * Changed lines of a staged Go file that name a migration (`.sql`, or a goose
 * Go migration's quoted `.go` name) may be a suite list mighook doesn't know
 * yet: such a commit goes to mighook. An extended regex, as git's -G takes it.
 */
export const PICKAXE_REGEX = '\\.[sS][qQ][lL]|\\.[gG][oO]["`]';
export const PICKAXE_PATHSPEC = ":(top,glob,icase)**/*.go";

/**
 * The cache's bytes, or null when the config can't be described to the hook
 * (a path holding a newline, a shape the quick reader declines): the hook
 * then always asks mighook. Throws as findConfig does on broken JSON. Paths
 * are written as the bytes mighook matches them against (path-bytes.ts: a
 * config naming a non-UTF-8 folder names its exact bytes).
 */
export function fastPathText(layers: ConfigLayers, objectFormat: "sha1" | "sha256" = "sha1"): Buffer | null {
  const fromIndex = findConfig(decode(layers.own));
  // With no config in the index, the staged check reads the working tree's.
  if (!fromIndex && !layers.worktree) return null;
  const quick = relevantPathsQuick(configFromLayers(layers));
  if (!quick) return null;
  const paths = [...new Set([...quick, CONFIG_FILE, PACKAGE_FILE])];
  if (paths.some((path) => path.includes("\n") || path.includes("\r"))) return null;
  // Bytes read from the index come with the id git gave them; others are hashed as git would.
  const oid = (bytes: Buffer) => blobId(bytes) ?? hashHex(objectFormat, `blob ${bytes.length}\0`, bytes);
  // As `git ls-files -s` prints them: a config file that is executable or a
  // symbolic link never matches, and the hook always asks mighook.
  const entry = (name: string) => {
    const bytes = layers.own.get(name);
    return bytes ? `100644 ${oid(bytes)} 0\t${name}` : "";
  };
  const blob = (name: string) => {
    const bytes = layers.worktree?.get(name);
    return bytes ? oid(bytes) : "-";
  };
  const tree = fromIndex ? "" : `${blob(CONFIG_FILE)} ${blob(PACKAGE_FILE)}`;
  // Each migrations folder and every folder above it, asked in the key's own
  // `ls-files` as the entry itself with everything beneath it excluded: a real
  // folder prints nothing, while a symbolic link committed there since (with
  // --no-verify, or by a pull) prints its entry, the key no longer matches,
  // and mighook runs and refuses the linked folder.
  const folders = [...new Set(quickFolders(configFromLayers(layers)).flatMap(({ dir }) => dir.split("/").map((_, i, parts) => parts.slice(0, i + 1).join("/"))))];
  if (folders.some((path) => path.includes("\n") || path.includes("\r"))) return null;
  const guards = folders.flatMap((folder) => [
    Buffer.concat([Buffer.from(":(top,literal)"), encodePath(folder)]),
    Buffer.concat([Buffer.from(":(top,literal,exclude)"), encodePath(folder), Buffer.from("/")]),
  ]);
  const head = [`mighook-fastpath ${FASTPATH_VERSION} ${guards.length} ${paths.length}`, entry(CONFIG_FILE), entry(PACKAGE_FILE), tree, PICKAXE_REGEX, PICKAXE_PATHSPEC];
  const lines = [...head.map((line) => Buffer.from(line, "utf8")), ...guards, ...paths.map((path) => Buffer.concat([Buffer.from(":(top,literal)"), encodePath(path)]))];
  return Buffer.concat(lines.flatMap((line) => [line, Buffer.from("\n")]));
}

const decode = (files: Map<string, Buffer>) => new Map([...files].map(([path, bytes]) => [path, decodeText(bytes)]));

/**
 * The git folder as the hook finds it, with no git process: $GIT_DIR (if
 * absolute: the hook can't tell what a relative one was relative to), else
 * <root>/.git, or the folder a `gitdir:` file there names.
 */
export async function hookGitDir(root: string): Promise<string | null> {
  const env = process.env.GIT_DIR;
  if (env) return isAbsolute(env) ? env : null;
  const dotGit = join(root, ".git");
  const info = await stat(dotGit).catch(() => null);
  if (info?.isDirectory()) return dotGit;
  if (!info?.isFile()) return null;
  const first = (await readFile(dotGit, "utf8")).split("\n", 1)[0]!;
  if (!first.startsWith("gitdir: ") || first.length === "gitdir: ".length) return null;
  const dir = first.slice("gitdir: ".length);
  return isAbsolute(dir) ? dir : join(root, dir);
}

async function objectFormat(gitDir: string): Promise<"sha1" | "sha256"> {
  const common = await readFile(join(gitDir, "commondir"), "utf8").then(
    (text) => {
      const dir = text.split("\n", 1)[0]!;
      return isAbsolute(dir) ? dir : join(gitDir, dir);
    },
    () => gitDir,
  );
  const config = await readFile(join(common, "config"), "utf8").catch(() => "");
  return /^\s*objectformat\s*=\s*sha256\s*$/im.test(config) ? "sha256" : "sha1";
}

/**
 * Writes the cache for the config these layers hold (index layers only). Never
 * fails the command: the cache is a speed-up, and without it the hook asks
 * mighook. Written through a temporary file and a rename, and only when its
 * text changes, so a hook reading it meanwhile sees one whole version.
 */
export async function saveFastPath(root: string, layers: ConfigLayers): Promise<void> {
  try {
    const gitDir = await hookGitDir(root);
    if (!gitDir) return;
    const text = fastPathText(layers, await objectFormat(gitDir));
    if (text === null) return;
    const dir = join(gitDir, "mighook");
    const file = join(dir, "fastpath");
    // Only a regular file is read: a FIFO there would hang the hook (the shell's `[ -f ]` sends the commit here, and this replaces it).
    if ((await readRegularFile(file, { shownAs: file, limit: 1024 * 1024 }).catch(() => null))?.equals(text)) return;
    await ownFolderReady(dir);
    // Named with the process id, as the edit commands' files there: a killed run's is swept by the next edit (edit/journal.ts).
    const temp = join(dir, `fastpath-${tempTag()}`);
    try {
      await writeFile(temp, text);
      await rename(temp, file);
    } finally {
      await rm(temp, { force: true });
    }
  } catch (error) {
    if (process.env.MIGHOOK_DEBUG) process.stderr.write(`mighook: fast-path cache not written: ${(error as Error).message}\n`);
  }
}

/** Removes the cache: the hook then asks mighook, which refuses what must be refused. */
export async function dropFastPath(root: string): Promise<void> {
  const gitDir = await hookGitDir(root).catch(() => null);
  if (gitDir) await rm(join(gitDir, "mighook", "fastpath"), { force: true }).catch(() => {});
}

/** Reads the index's config (one git process) and writes the cache for it; never fails. */
export async function refreshFastPath(root: string): Promise<void> {
  const source = indexSource(root);
  try {
    const layers = await readConfigLayers(source);
    // No cache for a config whose migrations folder is a link (see check.ts).
    const linked = await refuseLinkedFolders(source, quickFolders(configFromLayers(layers))).then(
      () => false,
      () => true,
    );
    if (linked) return await dropFastPath(root);
    await saveFastPath(root, layers);
  } catch (error) {
    if (process.env.MIGHOOK_DEBUG) process.stderr.write(`mighook: fast-path cache not written: ${(error as Error).message}\n`);
  } finally {
    source.close();
  }
}
