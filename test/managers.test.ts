import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { parse } from "yaml";
import { incidentRepo, listedWith, migrationSql, SUITE, suiteListing } from "./helpers/incident.js";
import { gitEnv, tempDir, run, type Repo, type RunResult } from "./helpers/repo.js";

// Every manager as installed today, for real: lefthook 2.2.1 (a pinned
// devDependency), Debian's pre-commit, husky 8 and 9. mighook comes from the
// packed tarball; nothing asks a registry. Each writes `mighook-staged`.
const PROJECT = resolve(import.meta.dirname, "..");
const SLOW = { timeout: 60_000 };
const output = (result: RunResult) => result.stdout + result.stderr;


/** A PATH with lefthook (run from its npm package's platform binary, no install script) and the packed mighook. */
function lefthookPath(): string {
  const bin = tempDir("mighook-lefthook-");
  symlinkSync(join(PROJECT, "node_modules/.bin/lefthook"), join(bin, "lefthook"));
  return `${bin}:${inject("mighookBinDir")}:${process.env.PATH}`;
}

const stageMistake = (repo: Repo) => repo.write("migrations/021_add_status_reason_column.sql", migrationSql("add_status_reason_column")).git("add", "-A");
const stageGood = (repo: Repo) =>
  repo
    .write("migrations/022_add_status_reason_column.sql", migrationSql("add_status_reason_column"))
    .write(SUITE, suiteListing(listedWith("022_add_status_reason_column.sql")))
    .git("add", "-A");

/** The incident's mistake is blocked, and the careful commit passes, through whatever hook is installed. */
function expectGuarded(repo: Repo, env: NodeJS.ProcessEnv): void {
  stageMistake(repo);
  const bad = repo.tryGit(["commit", "-m", "bad"], env);
  expect(bad.code, output(bad)).not.toBe(0);
  expect(output(bad)).toContain("missing-from-suite");
  repo.git("reset", "-q");
  repo.remove("migrations/021_add_status_reason_column.sql");
  stageGood(repo);
  const good = repo.tryGit(["commit", "-m", "good"], env);
  expect(good.code, output(good)).toBe(0);
}

describe("lefthook 2.2.1", () => {
  const configs: Array<[string, string, string]> = [
    ["lefthook.yml", "commands", "pre-commit:\n  parallel: true\n  commands:\n    # format first\n    fmt:\n        run: echo fmt\npre-push:\n  commands:\n    test:\n      run: echo test"],
    ["lefthook.yml", "jobs", "pre-commit:\n  jobs:\n    -   name: fmt\n        run: echo fmt\n    - run: echo lint\n"],
    ["lefthook.toml", "commands", "# team config\n[pre-commit.commands.fmt]\nrun = \"echo fmt\"\n"],
    ["lefthook.toml", "jobs", "[pre-commit]\nparallel = false\n\n[[pre-commit.jobs]]\nname = \"fmt\"\nrun = \"echo fmt\"\n"],
  ];
  for (const [file, style, original] of configs)
    it(`${file} with ${style}: mighook is added, lefthook runs it in real commits, uninstall gives back the bytes`, SLOW, () => {
      const env = { PATH: lefthookPath() };
      const repo = incidentRepo();
      repo.write(file, original);
      // Before `lefthook install`, nothing runs the config: not protected, exit 1.
      const first = repo.mighook(["install"], env);
      expect(first.code, output(first)).toBe(1);
      expect(first.stdout).toContain("lefthook install");
      const edited = repo.read(file);
      expect(edited).toContain("mighook-staged");
      // lefthook reads it as mighook meant: its dump of the config.
      const dump = run("lefthook", ["dump", "--format", "json"], { cwd: repo.dir, env: gitEnv(env) });
      expect(dump.code, output(dump)).toBe(0);
      const config = JSON.parse(dump.stdout);
      for (const hook of ["pre-commit", "pre-merge-commit"]) {
        const runs = JSON.stringify(config[hook]);
        expect(runs, hook).toContain("mighook-staged");
      }
      if (style === "jobs") expect(config["pre-commit"].jobs.map((j: { run: string }) => j.run)).toContain("mighook-staged");
      const installed = run("lefthook", ["install"], { cwd: repo.dir, env: gitEnv(env) });
      expect(installed.code, output(installed)).toBe(0);
      const again = repo.mighook(["install"], env);
      expect(again.code, output(again)).toBe(0);
      expect(again.stdout).toContain("already runs mighook");
      expect(again.stdout).toContain("Every `git commit`");
      expect(repo.read(file)).toBe(edited);
      expectGuarded(repo, env);
      const removed = repo.mighook(["uninstall"], env);
      expect(removed.code, output(removed)).toBe(0);
      expect(repo.read(file)).toBe(original);
    });

  it("an earlier mighook's command is rewritten to mighook-staged, and uninstall still knows it", SLOW, () => {
    const repo = incidentRepo();
    const old = "pre-commit:\n  commands:\n    mighook: # added by mighook install\n      run: node_modules/.bin/mighook check --staged\n    lint:\n      run: echo lint\n";
    const original = old.replace(/^ {4}mighook:.*\n.*\n/m, "");
    repo.write("package.json", JSON.stringify({ devDependencies: { mighook: "^0.1.0" } })).write("lefthook.yml", old);
    repo.mighook(["install"], { PATH: lefthookPath() });
    const data = parse(repo.read("lefthook.yml"));
    expect(data["pre-commit"].commands.mighook.run).toBe("node_modules/.bin/mighook-staged");
    expect(data["pre-merge-commit"].commands.mighook.run).toBe("node_modules/.bin/mighook-staged");
    expect(repo.mighook(["uninstall"]).code).toBe(0);
    expect(repo.read("lefthook.yml")).toBe(original);
  });

  it("a config mighook can't edit provably: the snippet, exit 1; under npm's prepare, exit 0", SLOW, () => {
    const repo = incidentRepo();
    const original = 'pre-commit = { commands = { fmt = { run = "echo fmt" } } }\n';
    repo.write("lefthook.toml", original);
    const result = repo.mighook(["install"]);
    expect(result.code, output(result)).toBe(1);
    expect(result.stdout).toContain("[pre-commit.commands.mighook]");
    expect(result.stdout).toContain('run = "mighook-staged"');
    expect(repo.read("lefthook.toml")).toBe(original);
    expect(repo.mighook(["install"], { npm_lifecycle_event: "prepare" }).code).toBe(0);
  });
});

describe("pre-commit framework (Debian's pre-commit, no registry)", () => {
  const precommitEnv = () => ({ PRE_COMMIT_HOME: tempDir("mighook-pre-commit-home-"), PATH: `${inject("mighookBinDir")}:${process.env.PATH}` });

  it("install writes a system entry running mighook-staged with the stage names this pre-commit knows; real commits are judged", SLOW, () => {
    const env = precommitEnv();
    const version = run("pre-commit", ["--version"], { env: gitEnv(env) });
    expect(version.code, "pre-commit must be installed (.ci/run installs Debian's)").toBe(0);
    const repo = incidentRepo();
    const original = "# caf\u00e9\nrepos:\n-   repo: local\n    hooks:\n    -   id: lint\n        name: lint\n        entry: 'true'\n        language: system\n";
    repo.write(".pre-commit-config.yaml", original);
    const first = repo.mighook(["install"], env);
    expect(first.code, output(first)).toBe(1); // pre-commit's own hooks are not installed yet
    expect(first.stdout).toContain("pre-commit install --hook-type pre-commit --hook-type pre-merge-commit");
    const entry = parse(repo.read(".pre-commit-config.yaml")).repos[1].hooks[0];
    const old = /^pre-commit 3\.[01]\.|^pre-commit [12]\./.test(version.stdout);
    expect(entry).toEqual({
      id: "mighook",
      name: "mighook",
      entry: "mighook-staged",
      language: "system",
      pass_filenames: false,
      always_run: true,
      stages: old ? ["commit", "merge-commit"] : ["pre-commit", "pre-merge-commit"],
    });
    const hooks = run("pre-commit", ["install", "--hook-type", "pre-commit", "--hook-type", "pre-merge-commit"], { cwd: repo.dir, env: gitEnv(env) });
    expect(hooks.code, output(hooks)).toBe(0);
    const again = repo.mighook(["install"], env);
    expect(again.code, output(again)).toBe(0);
    expect(again.stdout).toContain("Every `git commit`");
    expectGuarded(repo, env);
    const removed = repo.mighook(["uninstall"], env);
    expect(removed.code, output(removed)).toBe(0);
    expect(repo.read(".pre-commit-config.yaml")).toBe(original);
  });

  it("0.1.0's language: node entry (an npm 404 on every commit) is replaced, and commits work offline", SLOW, () => {
    const env = precommitEnv();
    const repo = incidentRepo();
    const base = "repos:\n- repo: local\n  hooks: []\n";
    const old = `${base}\n# mighook install added this repo; mighook uninstall removes it\n- repo: local\n  hooks:\n    - id: mighook\n      name: mighook\n      entry: mighook check --staged\n      language: node\n      additional_dependencies: ["mighook@0.1.0"]\n      pass_filenames: false\n      always_run: true\n      stages: [pre-commit, pre-merge-commit]\n`;
    repo.write(".pre-commit-config.yaml", old);
    expect(run("pre-commit", ["install", "--hook-type", "pre-commit", "--hook-type", "pre-merge-commit"], { cwd: repo.dir, env: gitEnv(env) }).code).toBe(0);
    const result = repo.mighook(["install"], env);
    expect(result.code, output(result)).toBe(0);
    expect(result.stdout).toContain("updated mighook's entry");
    const text = repo.read(".pre-commit-config.yaml");
    expect(text).not.toContain("language: node");
    expect(parse(text).repos).toHaveLength(2);
    expectGuarded(repo, env);
    expect(repo.mighook(["uninstall"], env).code).toBe(0);
    expect(repo.read(".pre-commit-config.yaml")).toBe(base);
  });

  it("without pre-commit on PATH: the current stage names, and install says which and why", SLOW, () => {
    const repo = incidentRepo();
    repo.write(".pre-commit-config.yaml", "repos:\n- repo: local\n  hooks: []\n");
    const bin = tempDir("mighook-bin-");
    symlinkSync("/usr/bin/git", join(bin, "git"));
    symlinkSync(process.execPath, join(bin, "node"));
    const result = repo.mighook(["install"], { PATH: `${bin}:${inject("mighookBinDir")}` });
    expect(result.stdout).toContain("pre-commit is not on PATH, so mighook wrote the stage names of pre-commit 3.2 and later (pre-commit, pre-merge-commit)");
    expect(parse(repo.read(".pre-commit-config.yaml")).repos[1].hooks[0].stages).toEqual(["pre-commit", "pre-merge-commit"]);
  });
});

describe("husky 8 and 9", () => {
  /** What husky 8.0.3's `husky install` does: its husky.sh in .husky/_, and core.hooksPath .husky. */
  function husky8(repo: Repo): void {
    mkdirSync(join(repo.dir, ".husky/_"), { recursive: true });
    cpSync(join(PROJECT, "test/fixtures/husky-8.0.3/husky.sh"), join(repo.dir, ".husky/_/husky.sh"));
    writeFileSync(join(repo.dir, ".husky/_/.gitignore"), "*");
    repo.git("config", "core.hooksPath", ".husky");
  }
  const husky9 = (repo: Repo) => expect(run(join(PROJECT, "node_modules/.bin/husky"), [], { cwd: repo.dir, env: gitEnv() }).code).toBe(0);

  for (const [major, setUp] of [
    [8, husky8],
    [9, husky9],
  ] as const)
    it(`husky ${major}: the files install creates are husky's, so HUSKY=0 skips them; a merge is judged too`, SLOW, () => {
      const repo = incidentRepo();
      setUp(repo);
      const result = repo.mighook(["install"]);
      expect(result.code, output(result)).toBe(0);
      const created = repo.read(".husky/pre-merge-commit");
      if (major === 8) expect(created).toBe('#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n\nmighook-staged # mighook install created this file\n');
      else expect(created).toBe("mighook-staged # mighook install created this file\n");
      stageMistake(repo);
      expect(repo.tryGit(["commit", "-m", "bad"]).code).not.toBe(0);
      const skipped = repo.tryGit(["commit", "-m", "skipped"], { HUSKY: "0" });
      expect(skipped.code, output(skipped)).toBe(0);
      // pre-merge-commit, as git runs it for a clean merge, honours HUSKY=0 as well.
      const hook = major === 8 ? ".husky/pre-merge-commit" : ".husky/_/pre-merge-commit";
      expect(run(join(repo.dir, hook), [], { cwd: repo.dir, env: gitEnv({ HUSKY: "0" }) }).code).toBe(0);
      expect(repo.mighook(["uninstall"]).code).toBe(0);
      expect(() => readFileSync(join(repo.dir, ".husky/pre-merge-commit"))).toThrow();
    });

  it("husky 8: an earlier mighook's line and its header-less pre-merge-commit are brought up to date", SLOW, () => {
    const repo = incidentRepo();
    husky8(repo);
    repo.write("package.json", JSON.stringify({ devDependencies: { mighook: "^0.1.0" } }));
    mkdirSync(join(repo.dir, "node_modules/.bin"), { recursive: true });
    symlinkSync(inject("mighookBin"), join(repo.dir, "node_modules/.bin/mighook"));
    symlinkSync(join(inject("mighookBinDir"), "mighook-staged"), join(repo.dir, "node_modules/.bin/mighook-staged"));
    const team = '#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n\nnpx lint-staged\n';
    repo.executable(".husky/pre-commit", team.replace("npx lint-staged", "node_modules/.bin/mighook check --staged # added by mighook install\nnpx lint-staged"));
    repo.executable(".husky/pre-merge-commit", "node_modules/.bin/mighook check --staged # mighook install created this file\n");
    const result = repo.mighook(["install"]);
    expect(result.code, output(result)).toBe(0);
    expect(repo.read(".husky/pre-commit")).toBe(team.replace("npx lint-staged", "node_modules/.bin/mighook-staged # added by mighook install\nnpx lint-staged"));
    expect(repo.read(".husky/pre-merge-commit")).toBe('#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n\nnode_modules/.bin/mighook-staged # mighook install created this file\n');
    expect(repo.mighook(["uninstall"]).code).toBe(0);
    expect(repo.read(".husky/pre-commit")).toBe(team);
  });
});
