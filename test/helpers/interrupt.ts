// Shared by the kill and concurrency tests: the three edit commands on a
// repository that holds staged and unstaged work, and a picture of
// everything the user has (index entries with their flags, working-tree bytes,
// status) to compare after a kill and a rerun.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, inject } from "vitest";
import { SUITE, incidentRepo, migrationSql } from "./incident.js";
import { gitEnv, type Repo, type RunResult } from "./repo.js";

export const SECOND_021 = "migrations/021_add_status_reason_column.sql";
const NEW_022 = "migrations/022_orders.sql";

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary folder of the test's own, given to mighook as TMPDIR, to see what it leaves there. */
export function ownTmp(): string {
  const dir = mkdtempSync(join(tmpdir(), "mighook-tmpdir-"));
  temps.push(dir);
  return dir;
}

export interface Scenario {
  command: string;
  args: string[];
  /** a repository with staged and unstaged work, ready for the command */
  setup(): Repo;
}

// The unstaged work every scenario carries: an edit in the suite file outside
// the lists, and an edit in a file mighook never touches. The staged work: a
// change of README.md.
function withWork(repo: Repo): Repo {
  repo.write("README.md", "staged readme\n").git("add", "README.md");
  repo.write("README.md", "staged readme\nunstaged line\n");
  repo.write(SUITE, repo.read(SUITE).replace("\tfor _, m := range migrations {", "\t// unstaged note\n\tfor _, m := range migrations {"));
  return repo;
}

export const SCENARIOS: Scenario[] = [
  {
    command: "fix",
    args: ["fix"],
    setup: () => {
      const repo = incidentRepo();
      repo.write(NEW_022, migrationSql("orders")).git("add", NEW_022);
      return withWork(repo);
    },
  },
  { command: "new", args: ["new", "add_orders"], setup: () => withWork(incidentRepo()) },
  {
    command: "renumber",
    args: ["renumber", SECOND_021],
    setup: () => {
      const repo = incidentRepo();
      repo.write(SECOND_021, migrationSql("add_status_reason_column")).git("add", SECOND_021);
      repo.write(SECOND_021, `${migrationSql("add_status_reason_column")}-- unstaged draft line\n`);
      return withWork(repo);
    },
  },
];

export interface Picture {
  /** path → `<tag> <mode> <oid> <stage>` (the tag carries skip-worktree and assume-unchanged) */
  index: Map<string, string>;
  /** path → bytes, every file of the working tree but .git */
  worktree: Map<string, string>;
  status: string;
}

export function picture(repo: Repo): Picture {
  const index = new Map<string, string>();
  for (const record of repo.git("ls-files", "-s", "-t", "-v", "-z").split("\0").filter(Boolean)) {
    const tab = record.indexOf("\t");
    index.set(record.slice(tab + 1), record.slice(0, tab));
  }
  const worktree = new Map<string, string>();
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (prefix === "" && entry.name === ".git") continue;
      const path = `${prefix}${entry.name}`;
      if (entry.isDirectory()) walk(join(dir, entry.name), `${path}/`);
      else worktree.set(path, readFileSync(join(dir, entry.name)).toString("latin1"));
    }
  };
  walk(repo.dir, "");
  return { index, worktree, status: repo.git("status", "--porcelain", "-z") };
}

/**
 * Every path holds what it held before or what the finished run gives it:
 * no byte of the user's is lost or half-written, whatever the moment of the kill.
 */
export function lostBytes(before: Picture, now: Picture, finished: Picture): string[] {
  const problems: string[] = [];
  for (const [what, a, b, c] of [
    ["index", before.index, now.index, finished.index],
    ["working tree", before.worktree, now.worktree, finished.worktree],
  ] as const) {
    const paths = new Set([...a.keys(), ...b.keys(), ...c.keys()]);
    // A temporary file of a write under way is no loss; the rerun must sweep it (compared whole then).
    for (const path of paths) if (/(^|\/)\.[^/]*\.mighook-[^/]*$/.test(path)) continue;
    else if (b.get(path) !== a.get(path) && b.get(path) !== c.get(path)) problems.push(`${what}: ${path}`);
  }
  return problems;
}

/** Files of `<git dir>/mighook/` that are caches, meant to stay: the hook's config cache, and the launcher's code cache. */
export const meantToStay = (name: string): boolean => name === "fastpath" || name.startsWith("code-cache-");

/** What mighook left behind in the git directory (its own folder, a lock) and in TMPDIR. */
export function leftovers(repo: Repo, tmp: string): string[] {
  const own = join(repo.dir, ".git", "mighook");
  return [
    ...(existsSync(own) ? readdirSync(own).filter((f) => !meantToStay(f)).map((f) => `.git/mighook/${f}`) : []),
    ...(existsSync(join(repo.dir, ".git", "index.lock")) ? [".git/index.lock"] : []),
    ...readdirSync(tmp).map((f) => `TMPDIR/${f}`),
  ];
}

/** mighook started in the background (to stop, kill or race it). */
export function startMighook(repo: Repo, args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<RunResult & { signal: string | null }> } {
  const child = spawn(inject("mighookBin"), args, { cwd: repo.dir, env: gitEnv(env) });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
  const done = new Promise<RunResult & { signal: string | null }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr })),
  );
  return { child, done };
}

/** Resolves once the process has stopped itself (SIGSTOP at a test point); rejects if it exits first. */
export async function stopped(child: ChildProcess, done: Promise<unknown>): Promise<void> {
  let exited = false;
  void done.then(() => (exited = true));
  for (let i = 0; i < 600; i++) {
    if (exited) throw new Error("mighook exited before it reached the test point");
    const stat = (() => {
      try {
        return readFileSync(`/proc/${child.pid}/stat`, "utf8");
      } catch {
        return "";
      }
    })();
    if (/^\d+ \(.*\) T /.test(stat)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("mighook did not reach the test point in 30 s");
}
