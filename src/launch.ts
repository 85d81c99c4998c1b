// mighook's executable (dist/cli.js): it runs the bundle (dist/mighook.js),
// compiled with V8's code cache when this repository has one. Compiling the
// bundle is a good part of what a hook pays for Node on every commit; the
// cache, which V8 makes from a run's compiled functions, skips most of it
// (measured by `npm run bench`: the "no code cache" rows).
//
// The cache lives in the repository's own folder, <git dir>/mighook/ (never
// outside the repository), one file per Node version and architecture:
// a header, the exact bytes of the bundle it was made from, then V8's data.
// It is used only for those very bytes (an upgrade, a rebuild or a patched
// bundle makes a new one), and V8 itself refuses data from another V8 or
// other flags. Anything unexpected runs the bundle without it: the cache can
// make mighook faster, never different. MIGHOOK_CODE_CACHE=0 turns it off.
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { Script } from "node:vm";

declare const __dirname: string;

const BUNDLE = join(__dirname, "mighook.js");
const MAGIC = "mighook code cache 1";
/** Set by the bundle once a run reaches the full check, whose functions a cache should then hold. */
const JUDGED = Symbol.for("mighook.judged");
/** What the launcher did, for MIGHOOK_PROFILE: "used", "written", "off"... */
const STATUS = Symbol.for("mighook.codeCache");

interface Cached {
  file: string;
  /** V8's data, when the file holds it for these bundle bytes */
  data: Buffer | null;
  /** made by a run that reached the full check */
  full: boolean;
}

const status = (value: string) => ((globalThis as Record<symbol, unknown>)[STATUS] = value);

function launch(): void {
  const bytes = readFileSync(BUNDLE);
  const cached = process.env.MIGHOOK_CODE_CACHE === "0" ? null : readCache(bytes);
  if (!cached) {
    status("off");
    createRequire(BUNDLE)(BUNDLE);
    return;
  }
  // Code compiled here has no import() of its own: the packages it loads that
  // way (PostgreSQL's parser, PGlite, pg) come through this module's (src/import-package.ts).
  (globalThis as Record<symbol, unknown>)[Symbol.for("mighook.import")] = (specifier: string) => import(specifier);
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${bytes.toString("utf8")}\n})`, {
    filename: BUNDLE,
    cachedData: cached.data ?? undefined,
  });
  const used = cached.data !== null && !script.cachedDataRejected;
  status(used ? "used" : "missing");
  process.on("exit", () => {
    const judged = (globalThis as Record<symbol, unknown>)[JUDGED] === true;
    if (used && (cached.full || !judged)) return;
    status(writeCache(cached.file, bytes, script, judged) ? "written" : "not written");
  });
  const module = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(BUNDLE), module, BUNDLE, dirname(BUNDLE));
}

/** The cache file for this Node, and its data if it was made from exactly these bundle bytes; null outside a repository. */
function readCache(bytes: Buffer): Cached | null {
  const gitDir = findGitDir();
  if (!gitDir) return null;
  const file = join(gitDir, "mighook", `code-cache-node-${process.version}-${process.arch}`);
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch {
    return { file, data: null, full: false };
  }
  const eol = content.indexOf(10);
  const [magic, length, full] = eol === -1 ? [] : content.subarray(0, eol).toString("latin1").split(" | ");
  const start = eol + 1;
  const end = start + Number(length);
  const same = magic === MAGIC && Number(length) === bytes.length && content.length > end && content.subarray(start, end).equals(bytes);
  return same ? { file, data: content.subarray(end), full: full === "full" } : { file, data: null, full: false };
}

/** Whole or not at all: a temporary file (named with this process's id, so a killed run's is swept), then a rename. */
function writeCache(file: string, bytes: Buffer, script: Script, judged: boolean): boolean {
  const temp = `${dirname(file)}/codecache-${process.pid}-${Math.floor(Math.random() * 0x100000000).toString(16)}`;
  try {
    const data = script.createCachedData();
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temp, Buffer.concat([Buffer.from(`${MAGIC} | ${bytes.length} | ${judged ? "full" : "quick"}\n`, "latin1"), bytes, data]));
    renameSync(temp, file);
    return true;
  } catch (error) {
    rmSync(temp, { force: true });
    if (process.env.MIGHOOK_DEBUG) process.stderr.write(`mighook: code cache not written: ${(error as Error).message}\n`);
    return false;
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
  const started = (globalThis as Record<symbol, unknown>)[STATUS];
  if (started === "used" || started === "missing" || String(started).startsWith("off")) throw error;
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
