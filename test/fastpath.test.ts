import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, inject, it } from "vitest";
import { migrationSql, suiteGo, SUITE } from "./helpers/incident.js";
import { gitEnv, Repo, type RunResult } from "./helpers/repo.js";

// The hook's Node-free pre-check, through real `git commit`s: the native hook
// that `mighook install` writes, and `mighook-staged`, which hook managers call.
// A `node` shim first on PATH records every start of Node; GIT_TRACE records
// every git process.

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A folder with a `node` that logs its arguments, then runs the real one. */
function nodeShim(): { dir: string; log: string; calls: () => string[] } {
  const dir = mkdtempSync(join(tmpdir(), "mighook-shim-"));
  scratch.push(dir);
  const log = join(dir, "node-calls");
  writeFileSync(join(dir, "node"), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${process.execPath}' "$@"\n`);
  chmodSync(join(dir, "node"), 0o755);
  return { dir, log, calls: () => (existsSync(log) ? readFileSync(log, "utf8").split("\n").filter(Boolean) : []) };
}

const M1 = "001_initial_setup.sql";
const M2 = "002_add_indices.sql";
const CONFIG = { sets: [{ dir: "migrations", suites: [{ file: SUITE }] }] };

/** Two listed migrations, a README and an unrelated Go program, committed. */
function service(options: { commit?: boolean } = {}): Repo {
  const repo = new Repo();
  repo.write("mighook.config.json", `${JSON.stringify(CONFIG)}\n`);
  repo.write(`migrations/${M1}`, migrationSql("initial_setup")).write(`migrations/${M2}`, migrationSql("add_indices"));
  repo.write(SUITE, suiteGo([M1, M2]));
  repo.write("README.md", "# service\n").write("cmd/server/main.go", "package main\n\nfunc main() {}\n");
  if (options.commit !== false) repo.commitAll("baseline");
  return repo;
}

interface Commit extends RunResult {
  node: string[];
  git: string[];
}

/** A real `git commit`, with the node shim first on PATH and git traced. */
function commit(repo: Repo, args: string[], env: NodeJS.ProcessEnv = {}): Commit {
  const shim = nodeShim();
  const trace = join(shim.dir, "trace");
  const result = repo.tryGit(["commit", "-q", ...args], {
    PATH: `${shim.dir}:${inject("mighookBinDir")}:${process.env.PATH}`,
    GIT_TRACE: trace,
    ...env,
  });
  const git = existsSync(trace)
    ? readFileSync(trace, "utf8")
        .split("\n")
        .flatMap((line) => /trace: built-in: git (\S+)/.exec(line)?.[1] ?? [])
    : [];
  return { ...result, node: shim.calls(), git };
}

/** The commands git ran for the hook itself: everything after `commit` but git's own maintenance. */
const hookGit = (c: Commit) => c.git.filter((cmd) => cmd !== "commit" && cmd !== "maintenance");

const forms = {
  "the native hook": (repo: Repo) => expect(repo.mighook(["install"]).code).toBe(0),
  "mighook-staged (a hook manager's line)": (repo: Repo) => {
    repo.executable(".git/hooks/pre-commit", "#!/bin/sh\nmighook-staged\n");
    // What a full run leaves: the cache, written here by `mighook list`.
    expect(repo.mighook(["list"]).code).toBe(0);
  },
};

describe("the cache file itself", () => {
  it("a FIFO in its place hangs nothing: the commit is judged, and the FIFO replaced by the cache", () => {
    const repo = service();
    mkdirSync(join(repo.dir, ".git", "mighook"), { recursive: true });
    const cache = join(repo.dir, ".git", "mighook", "fastpath");
    execFileSync("mkfifo", [cache]);
    repo.write("migrations/003_unlisted.sql", migrationSql("unlisted")).git("add", "-A");
    const result = spawnSync(inject("mighookBin"), ["check", "--staged"], { cwd: repo.dir, env: gitEnv(), encoding: "utf8", timeout: 30_000 });
    expect(result.signal).toBe(null); // not killed by the timeout
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("missing-from-suite");
    expect(statSync(cache).isFile()).toBe(true);
  });
});

describe("mighook-staged where node is not on PATH (a GUI git client)", () => {
  it("uses a node beside it (a global install's bin folder), and else says what to do instead of failing obscurely", () => {
    const repo = service();
    // mighook-staged and mighook in a bin folder of their own; git alone on PATH.
    const bin = mkdtempSync(join(tmpdir(), "mighook-bin-"));
    const gitOnly = mkdtempSync(join(tmpdir(), "mighook-path-"));
    scratch.push(bin, gitOnly);
    for (const name of ["mighook", "mighook-staged"]) symlinkSync(join(inject("mighookBinDir"), name), join(bin, name));
    symlinkSync(execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim(), join(gitOnly, "git"));
    repo.executable(".git/hooks/pre-commit", `#!/bin/sh\nexec '${bin}/mighook-staged'\n`);
    repo.write("migrations/003_unlisted.sql", migrationSql("unlisted")).git("add", "-A");

    const lost = repo.tryGit(["commit", "-q", "-m", "add"], { PATH: gitOnly });
    expect(lost.code).toBe(1);
    expect(lost.stderr).toContain("mighook-staged cannot find node");
    expect(lost.stderr).not.toContain("No such file");

    symlinkSync(process.execPath, join(bin, "node"));
    const found = repo.tryGit(["commit", "-q", "-m", "add"], { PATH: gitOnly });
    expect(found.code).toBe(1);
    expect(found.stderr).toContain("missing-from-suite");
  });
});

describe.each(Object.entries(forms))("%s", (_, install) => {
  it("lets an unrelated commit through without starting Node: a README, or an unrelated Go file", () => {
    const repo = service();
    install(repo);
    repo.write("README.md", "# service\n\nMore words.\n").git("add", "README.md");
    const readme = commit(repo, ["-m", "docs"]);
    expect(readme.code, readme.stderr).toBe(0);
    expect(readme.node).toEqual([]);
    expect(hookGit(readme)).toEqual(["ls-files", "diff", "diff"]);

    repo.write("cmd/server/main.go", 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n').git("add", "cmd/server/main.go");
    const go = commit(repo, ["-m", "server"]);
    expect(go.code, go.stderr).toBe(0);
    expect(go.node).toEqual([]);
  });

  it("judges a commit that adds a migration, deletes one, or changes only the config", () => {
    const repo = service();
    install(repo);
    repo.write("migrations/003_unlisted.sql", migrationSql("unlisted")).git("add", "-A");
    const added = commit(repo, ["-m", "add"]);
    expect(added.code).toBe(1);
    expect(added.stderr).toContain("003_unlisted.sql");
    expect(added.node).not.toEqual([]);
    repo.git("reset", "-q", "--hard");
    repo.git("clean", "-fdq");

    repo.git("rm", "-q", `migrations/${M2}`);
    const deleted = commit(repo, ["-m", "delete"]);
    expect(deleted.code).toBe(1);
    expect(deleted.stderr).toContain(M2);
    repo.git("reset", "-q", "--hard");

    // The config now names a second folder whose migration no suite lists.
    repo.write("db/001_other.sql", migrationSql("other")).commitAll("another folder");
    repo.write("mighook.config.json", JSON.stringify({ sets: [...CONFIG.sets, { dir: "db", suites: [{ file: SUITE }] }] })).git("add", "-A");
    const config = commit(repo, ["-m", "config"]);
    expect(config.code).toBe(1);
    expect(config.stderr).toContain("001_other.sql");
    expect(config.node).not.toEqual([]);
  });

  it("sends a Go file whose changed lines name a migration to mighook (it may be a list)", () => {
    const repo = service();
    install(repo);
    repo.write("cmd/server/migrate.go", 'package main\n\nvar files = []string{\n\t"001_initial_setup.sql",\n}\n').git("add", "-A");
    const go = commit(repo, ["-m", "a list"]);
    expect(go.node).not.toEqual([]);
  });

  it("honours GIT_INDEX_FILE: commit -a and commit <paths> judge what they record", () => {
    const repo = service();
    install(repo);
    commit(repo, ["--allow-empty", "-m", "settle the cache"]);
    // Unstaged edits only: the real index holds nothing relevant.
    repo.write(`migrations/${M2}`, "-- +goose Up\nSELECT 1;\n");
    const all = commit(repo, ["-a", "-m", "all"]);
    expect(all.node).not.toEqual([]);
    const paths = commit(repo, ["-m", "paths", `migrations/${M2}`]);
    expect(paths.node).not.toEqual([]);
    // Only the README is taken: a migration edit left in the working tree stays out.
    repo.write("README.md", "# service\n\nEdited.\n");
    const readme = commit(repo, ["-m", "readme", "README.md"]);
    expect(readme.code, readme.stderr).toBe(0);
    expect(readme.node).toEqual([]);
  });

  it("works before the first commit (unborn HEAD)", () => {
    const repo = service({ commit: false });
    install(repo);
    repo.git("add", "README.md");
    const first = commit(repo, ["-m", "first"]);
    expect(first.code, first.stderr).toBe(0);
    repo.write("migrations/003_unlisted.sql", migrationSql("unlisted")).git("add", "-A");
    const second = commit(repo, ["-m", "everything"]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain("003_unlisted.sql");
  });

  it("judges with a config that is on disk but not staged, and falls back whenever the cache can't be trusted", () => {
    const repo = new Repo();
    repo.write("README.md", "x\n").write("package.json", '{"name":"x"}\n').commitAll("baseline");
    install(repo);
    // Not committed, not staged: the staged check reads it from the working tree.
    repo.write("mighook.config.json", JSON.stringify({ sets: [{ dir: "db" }] }));
    repo.write("db/001_a.sql", "SELECT 1;\n").git("add", "db");
    const staged = commit(repo, ["-m", "db"]);
    expect(staged.code).toBe(1);
    expect(staged.stderr).toContain("001_a.sql");
    repo.git("reset", "-q");
    // A README commit: the working-tree config is verified, not assumed.
    repo.write("README.md", "y\n").git("add", "README.md");
    expect(commit(repo, ["-m", "readme"]).node).toEqual([]);
    repo.write("README.md", "z\n").git("add", "README.md");
    // A garbled cache: mighook decides.
    writeFileSync(join(repo.dir, ".git/mighook/fastpath"), "mighook-fastpath 1 9\n");
    const garbled = commit(repo, ["-m", "readme"]);
    expect(garbled.code, garbled.stderr).toBe(0);
    expect(garbled.node).not.toEqual([]);
  });
});

describe("the native hook", () => {
  it("runs a chained hook first", () => {
    const repo = service();
    repo.executable(".git/hooks/pre-commit", '#!/bin/sh\necho chained >> chained.log\n');
    expect(repo.mighook(["install"]).code).toBe(0);
    repo.write("README.md", "# service\n\nMore.\n").git("add", "README.md");
    const c = commit(repo, ["-m", "docs"]);
    expect(c.code, c.stderr).toBe(0);
    expect(repo.read("chained.log")).toBe("chained\n");
  });
});

describe("mighook-staged", () => {
  it("hands options such as --config to mighook, and honours MIGHOOK=0", () => {
    const repo = service();
    repo.executable(".git/hooks/pre-commit", "#!/bin/sh\nmighook-staged --format json\n");
    expect(repo.mighook(["list"]).code).toBe(0);
    repo.write("README.md", "# service\n\nMore.\n").git("add", "README.md");
    const c = commit(repo, ["-m", "docs"]);
    expect(c.code, c.stderr).toBe(0);
    expect(c.node).not.toEqual([]);
    repo.executable(".git/hooks/pre-commit", "#!/bin/sh\nmighook-staged\n");
    repo.write("migrations/003_unlisted.sql", migrationSql("unlisted")).git("add", "-A");
    const off = commit(repo, ["-m", "off"], { MIGHOOK: "0" });
    expect(off.code).toBe(0);
    expect(off.stderr).toContain("skipped (MIGHOOK=0)");
    expect(off.node).toEqual([]);
  });

  it("refreshes a stale cache, so the next unrelated commit is cheap again", () => {
    const repo = service();
    repo.executable(".git/hooks/pre-commit", "#!/bin/sh\nmighook-staged\n");
    repo.write("package.json", '{"name":"service","version":"1.0.0"}\n').git("add", "-A");
    // No cache yet: mighook runs and writes one.
    const first = commit(repo, ["-m", "package"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.node).not.toEqual([]);
    repo.write("README.md", "# service\n\nMore.\n").git("add", "README.md");
    const second = commit(repo, ["-m", "docs"]);
    expect(second.node).toEqual([]);
    // A version bump elsewhere makes the cache stale: one run through Node refreshes it.
    repo.write("package.json", '{"name":"service","version":"1.0.1"}\n').commitAll("bump");
    repo.write("README.md", "# service\n\nEven more.\n").git("add", "README.md");
    expect(commit(repo, ["-m", "docs"]).node).not.toEqual([]);
    repo.write("README.md", "# service\n\nAnd more.\n").git("add", "README.md");
    expect(commit(repo, ["-m", "docs"]).node).toEqual([]);
  });

  it("watches a configured folder whose name is not UTF-8 by its exact bytes", () => {
    const repo = new Repo();
    // "caf\udce9" is how mighook spells the byte 0xE9 in a path (path-bytes.ts).
    repo.write("mighook.config.json", JSON.stringify({ sets: [{ dir: "caf\udce9" }] }).replace("\udce9", "\\udce9"));
    repo.write("README.md", "x\n").commitAll("baseline");
    repo.executable(".git/hooks/pre-commit", "#!/bin/sh\nmighook-staged\n");
    expect(repo.mighook(["list"]).code).toBe(0);
    const folder = Buffer.concat([Buffer.from(`${repo.dir}/caf`), Buffer.of(0xe9)]);
    mkdirSync(folder);
    writeFileSync(Buffer.concat([folder, Buffer.from("/001_bad.sql")]), "CREATE TABLE bad (id int);\n");
    repo.git("add", "-A");
    const c = commit(repo, ["-m", "latin-1"]);
    expect(c.node).not.toEqual([]);
    expect(c.code).toBe(1);
  });

  it("works in a linked worktree", () => {
    const repo = service();
    repo.executable(".git/hooks/pre-commit", "#!/bin/sh\nmighook-staged\n");
    const other = join(mkdtempSync(join(tmpdir(), "mighook-wt-")), "wt");
    scratch.push(other);
    repo.git("worktree", "add", "-q", other);
    const wt = new Repo(other);
    expect(wt.mighook(["list"]).code).toBe(0);
    wt.write("README.md", "# other\n").git("add", "README.md");
    const c = commit(wt, ["-m", "docs"]);
    expect(c.code, c.stderr).toBe(0);
    expect(c.node).toEqual([]);
    wt.write("migrations/003_unlisted.sql", migrationSql("unlisted")).git("add", "-A");
    expect(commit(wt, ["-m", "m"]).code).toBe(1);
  });
});

describe("the pre-check's text", () => {
  it("is the same in the native hook and in mighook-staged", () => {
    const block = (file: string) => {
      const text = readFileSync(join(import.meta.dirname, "..", "hooks", file), "utf8");
      return text.slice(text.indexOf("# >>> mighook fast path"), text.indexOf("# <<< mighook fast path"));
    };
    expect(block("pre-commit").length).toBeGreaterThan(500);
    expect(block("pre-commit")).toBe(block("mighook-staged"));
  });
});

describe("upgrading from 0.1.0's hook", () => {
  it("replaces the hook 0.1.0 installed (it had no pre-check), and uninstall still removes it", () => {
    const repo = service();
    const old = readFileSync(join(import.meta.dirname, "..", "hooks", "previous", "pre-commit-0.1.0"), "utf8")
      .replace(/^MIGHOOK_NODE=.*$/m, `MIGHOOK_NODE='${process.execPath}'`)
      .replace(/^MIGHOOK_CLI=.*$/m, "MIGHOOK_CLI='/old/place/dist/cli.js'");
    repo.executable(".git/hooks/pre-commit", old);
    const installed = repo.mighook(["install"]);
    expect(installed.code, installed.stdout + installed.stderr).toBe(0);
    expect(repo.read(".git/hooks/pre-commit")).toContain("mighook_fast_path");
    expect(existsSync(join(repo.dir, ".git/hooks/pre-commit.mighook-chained"))).toBe(false);
    repo.executable(".git/hooks/pre-commit", old);
    expect(repo.mighook(["uninstall"]).code).toBe(0);
    expect(existsSync(join(repo.dir, ".git/hooks/pre-commit"))).toBe(false);
  });
});
