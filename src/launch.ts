// mighook's executable (dist/cli.js): it runs the bundle (dist/mighook.js),
// compiled with V8's code cache when this repository has one. Compiling the
// bundle is a good part of what a hook pays for Node on every commit; the
// cache, which V8 makes from a run's compiled functions, skips most of it
// (`npm run bench` shows runs with the cache off and a clone's first run).
//
// The cache serves the hook: only `check` uses and writes it. It lives in the
// repository's own folder, <git dir>/mighook/ (never outside the repository),
// one file per Node binary and V8 flags. V8 runs the code the data holds
// without checking it against the source, so the cache is used only where
// git would run your hooks anyway: a git folder, own folder and file that are
// yours (another user who could write there could make mighook run their
// code as you, past git's safe.directory check). Damaged data crashes Node, so the
// file's header names everything the data depends on, and a CRC-32 of it:
// the bundle (its length and CRC-32: an upgrade, a rebuild or a patched
// bundle makes a new cache), the Node binary (path, size and time: another
// build of the same version is another V8), and the data's own length and
// CRC-32. V8 itself also refuses data from another V8 version or other flags.
// Anything unexpected runs the bundle without the cache: it can make mighook
// faster, never different. MIGHOOK_CODE_CACHE=0 turns it off.
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { Script } from "node:vm";
import { processRunning, tempTag } from "./processes.js";

declare const __dirname: string;

const BUNDLE = join(__dirname, "mighook.js");
/** Other Node binaries' and flags' caches not written for this long are removed when a cache is written. */
const STALE_MS = 30 * 24 * 60 * 60 * 1000;
const MAGIC = "mighook code cache 2";
/** V8's data for the bundle is about 400 KB; anything far larger is not a cache of ours. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;
/** Set by the bundle once a run reaches the full check, whose functions a cache should then hold. */
const JUDGED = Symbol.for("mighook.judged");
/** What the launcher did, for MIGHOOK_PROFILE: "used", "written", "off"... */
const STATUS = Symbol.for("mighook.codeCache");

type Crc32 = (data: Uint8Array) => number;

interface Cached {
  file: string;
  /** the header a cache for this bundle and this Node starts with, but for the data's length and CRC-32 */
  key: string;
  /** V8's data, when the file holds it for this key, whole */
  data: Buffer | null;
  /** why there is no data: "none" (no file), "stale" (another bundle or Node, or damaged) */
  why?: string;
  /** made by a run that reached the full check */
  full: boolean;
}

const global = globalThis as Record<symbol, unknown>;
const status = (value: string) => (global[STATUS] = value);

function launch(): void {
  const wanted = process.argv[2] === "check" && process.env.MIGHOOK_CODE_CACHE !== "0";
  const crc32 = wanted ? (require("node:zlib") as { crc32?: Crc32 }).crc32 : undefined; // Node 20.15 and later
  const bytes = readFileSync(BUNDLE);
  const cached = !wanted ? "off" : !crc32 ? "off (zlib.crc32 needs Node 20.15 or later)" : readCache(bytes, crc32);
  if (typeof cached === "string" || !crc32) {
    status(String(cached));
    createRequire(BUNDLE)(BUNDLE);
    return;
  }
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${bytes.toString("utf8")}\n})`, {
    filename: BUNDLE,
    cachedData: cached.data ?? undefined,
  });
  const used = cached.data !== null && !script.cachedDataRejected;
  status(used ? "used" : cached.data ? "rejected by V8" : (cached.why ?? "none"));
  // Written when there was none to use, or when this run reached the full check and the cache came from a quicker run.
  const toWrite = () => !used || (!cached.full && global[JUDGED] === true);
  // Code compiled here has no import() of its own: the packages it loads that
  // way (PostgreSQL's parser, PGlite, pg) come through this module's
  // (src/import-package.ts). The data is taken just before the first: once
  // loaded, PostgreSQL's parser sets a V8 flag (--liftoff-only, for its
  // WebAssembly), and V8 refuses data made under other flags.
  let data: Buffer | null = null;
  global[Symbol.for("mighook.import")] = (specifier: string) => {
    if (!data && toWrite()) data = script.createCachedData();
    return import(specifier);
  };
  process.on("exit", () => {
    if (!toWrite()) return;
    const written = writeCache(cached, data ?? script.createCachedData(), global[JUDGED] === true, crc32);
    status(`${global[STATUS] as string}, ${written ? "written" : "not written"}`);
  });
  const module = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(BUNDLE), module, BUNDLE, dirname(BUNDLE));
}

/**
 * The cache file for this Node, and its data if the file is whole and made
 * for exactly this bundle and this Node; why not, outside a repository or in
 * one whose git folder or own folder is not this user's.
 */
function readCache(bytes: Buffer, crc32: Crc32): Cached | string {
  const uid = process.getuid?.();
  const gitDir = findGitDir();
  if (!gitDir) return "off (no git folder)";
  if (uid === undefined || statSync(gitDir).uid !== uid) return "off (the git folder is not yours)";
  const own = lstatSync(join(gitDir, "mighook"), { throwIfNoEntry: false });
  if (own && (!own.isDirectory() || own.uid !== uid)) return "off (<git dir>/mighook is not a folder of yours)";
  // A file per Node binary and V8 flags (V8 refuses data made under others), so that two of them don't take turns rewriting one.
  const flags = crc32(Buffer.from(`${process.execPath}\0${process.execArgv.join("\0")}\0${process.env.NODE_OPTIONS ?? ""}`)).toString(16);
  const file = join(gitDir, "mighook", `code-cache-node-${process.version}-${process.arch}-${flags}`);
  const node = statSync(process.execPath);
  const key = [MAGIC, `bundle ${bytes.length} ${crc32(bytes)}`, `node ${process.execPath} ${node.size} ${node.mtimeMs}`].join(" | ");
  if (key.includes("\n")) return "off (the path of node holds a line break)";
  const missing = { file, key, data: null, full: false, why: "none" };
  // Only a plain file of this user's, of a sane size, is read: a FIFO there would hang the hook.
  const info = lstatSync(file, { throwIfNoEntry: false });
  if (!info) return missing;
  if (!info.isFile() || info.uid !== uid || info.size > MAX_CACHE_BYTES) return { ...missing, why: "stale" };
  const content = readFileSync(file);
  const eol = content.indexOf(10);
  const header = eol === -1 ? "" : content.subarray(0, eol).toString("utf8");
  const match = header.startsWith(`${key} | `) ? /^data (\d+) (\d+) (full|quick)$/.exec(header.slice(key.length + 3)) : null;
  const data = content.subarray(eol + 1);
  if (!match || data.length !== Number(match[1]) || crc32(data) !== Number(match[2])) return { ...missing, why: "stale" };
  return { file, key, data, full: match[3] === "full" };
}

/** Whole or not at all: a temporary file (named with this process's id, so a killed run's is swept), then a rename. */
function writeCache(cached: Cached, data: Buffer, judged: boolean, crc32: Crc32): boolean {
  const own = dirname(cached.file);
  const temp = join(own, `codecache-${tempTag()}`);
  try {
    // The own folder must be a real folder of the git directory: never written through a link that leads elsewhere.
    if (!lstatSync(own, { throwIfNoEntry: false })) mkdirSync(own);
    if (!lstatSync(own).isDirectory()) throw new Error(`${own} is not a folder`);
    const header = `${cached.key} | data ${data.length} ${crc32(data)} ${judged ? "full" : "quick"}\n`;
    sweep(own, cached.file);
    writeFileSync(temp, Buffer.concat([Buffer.from(header, "utf8"), data]), { flag: "wx" });
    renameSync(temp, cached.file);
    return true;
  } catch (error) {
    rmSync(temp, { force: true });
    if (process.env.MIGHOOK_DEBUG) process.stderr.write(`mighook: code cache not written: ${(error as Error).message}\n`);
    return false;
  }
}

/**
 * Removes what earlier writes left: temporary files of runs killed while
 * writing (their process is gone), and other Node binaries' or flags' caches
 * not rewritten for a month (an upgraded Node leaves its old one behind).
 */
function sweep(own: string, keep: string): void {
  const now = Date.now();
  for (const name of readdirSync(own)) {
    const path = join(own, name);
    const temp = /^codecache-(\d+)-/.exec(name);
    const old = () => name.startsWith("code-cache-") && path !== keep && now - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? now) > STALE_MS;
    if (temp ? !processRunning(Number(temp[1])) : old()) rmSync(path, { force: true });
  }
}

/**
 * The repository's git folder as git finds it: $GIT_DIR, else the nearest
 * `.git` above the current folder (a folder, or a file naming one, as in a
 * linked worktree). null when there is none, or it does not look like one.
 */
function findGitDir(): string | null {
  const gitDir = process.env.GIT_DIR ? resolve(process.env.GIT_DIR) : nearestDotGit(process.cwd());
  return gitDir && statSync(join(gitDir, "HEAD"), { throwIfNoEntry: false })?.isFile() ? gitDir : null;
}

function nearestDotGit(from: string): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    const dotGit = join(dir, ".git");
    const info = statSync(dotGit, { throwIfNoEntry: false });
    if (info?.isDirectory()) return dotGit;
    if (info?.isFile()) {
      const named = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, "utf8"))?.[1];
      return named ? resolve(dir, named) : null;
    }
    if (dirname(dir) === dir) return null;
  }
}

try {
  launch();
} catch (error) {
  // Only the launcher's own trouble lands here (the bundle catches its own):
  // the bundle runs plainly, unless it has started already.
  if (global[STATUS] !== undefined) throw error;
  if (process.env.MIGHOOK_DEBUG) process.stderr.write(`mighook: code cache skipped: ${(error as Error).message}\n`);
  status("off (error)");
  try {
    createRequire(BUNDLE)(BUNDLE);
  } catch (failure) {
    if ((failure as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND" || !String((failure as Error).message).includes(BUNDLE)) throw failure;
    process.stderr.write(`mighook: its code (${BUNDLE}) is missing\n  → Reinstall mighook.\n`);
    process.exitCode = 2;
  }
}
