import { execFileSync, spawnSync, type SpawnSyncOptions } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, inject } from "vitest";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A scratch folder outside any repository, removed after the test like a Repo's. */
export function tempDir(prefix = "mighook-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A clean environment for git: no user config, fixed identity, no colour. */
export function gitEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("GIT_") || key === "FORCE_COLOR" || key === "NO_COLOR") delete env[key];
  return {
    ...env,
    PATH: `${inject("mighookBinDir")}:${process.env.PATH}`,
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_AUTHOR_NAME: "Test",
    GIT_AUTHOR_EMAIL: "test@example.com",
    GIT_COMMITTER_NAME: "Test",
    GIT_COMMITTER_EMAIL: "test@example.com",
    CI: "",
    ...extra,
  };
}

/** A real git repository in a temporary folder, removed after the test. */
export class Repo {
  readonly dir: string;

  constructor(dir?: string) {
    this.dir = dir ?? mkdtempSync(join(tmpdir(), "mighook-test-"));
    if (!dir) {
      made.push(this.dir);
      this.git("init", "-q", "-b", "main");
    }
  }

  write(path: string, content: string): this {
    const full = join(this.dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
    return this;
  }

  read(path: string): string {
    return readFileSync(join(this.dir, path), "utf8");
  }

  remove(path: string): this {
    rmSync(join(this.dir, path), { force: true, recursive: true });
    return this;
  }

  executable(path: string, content: string): this {
    this.write(path, content);
    chmodSync(join(this.dir, path), 0o755);
    return this;
  }

  git(...args: string[]): string {
    return execFileSync("git", args, { cwd: this.dir, env: gitEnv(), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  }

  /** git without throwing, for commits that a hook may block. */
  tryGit(args: string[], env: NodeJS.ProcessEnv = {}): RunResult {
    return run("git", args, { cwd: this.dir, env: gitEnv(env) });
  }

  commitAll(message = "commit"): this {
    this.git("add", "-A");
    this.git("commit", "-q", "--no-verify", "-m", message);
    return this;
  }

  /** Runs the installed (packed) mighook CLI in this repository. */
  mighook(args: string[], env: NodeJS.ProcessEnv = {}, cwd = this.dir): RunResult {
    return run(inject("mighookBin"), args, { cwd, env: gitEnv(env) });
  }
}

export function run(command: string, args: string[], options: SpawnSyncOptions): RunResult {
  const result = spawnSync(command, args, { encoding: "utf8", ...options });
  return { code: result.status ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}
