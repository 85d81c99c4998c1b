import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { incidentRepo, listedWith, migrationSql, SUITE, suiteListing } from "./helpers/incident.js";
import { gitEnv, tempDir, Repo, run, type RunResult } from "./helpers/repo.js";
import { shQuote } from "../src/install/template.js";

// Every test here commits for real through the hook that `mighook install`
// wrote, with the packed and installed mighook.
const SECOND_021 = "migrations/021_add_status_reason_column.sql";
const LISTED_005 = "migrations/005_create_actions_table.sql";
const PROJECT = resolve(import.meta.dirname, "..");
const HUSKY = join(PROJECT, "node_modules/.bin/husky");
const LINT_STAGED = join(PROJECT, "node_modules/.bin/lint-staged");


/** The line install adds to a husky hook: marked, so that uninstall removes only its own. */
const MARKED = "mighook-staged # added by mighook install";
const output = (result: RunResult) => result.stdout + result.stderr;
const commit = (repo: Repo, env: NodeJS.ProcessEnv = {}, ...args: string[]) => repo.tryGit(["commit", "-m", "change", ...args], env);
const commitCount = (repo: Repo) => Number(repo.git("rev-list", "--count", "HEAD").trim());

/** The incident: a second 021 that no list names. */
const stageMistake = (repo: Repo) => repo.write(SECOND_021, migrationSql("add_status_reason_column")).git("add", "-A");
/** The careful version: 022, listed in both lists. */
const stageGoodMigration = (repo: Repo) =>
  repo.write("migrations/022_add_status_reason_column.sql", migrationSql("add_status_reason_column")).write(SUITE, suiteListing(listedWith("022_add_status_reason_column.sql"))).git("add", "-A");

/** A PATH with git and nothing else: a GUI client's, without node or mighook. */
function pathWithGitOnly(): string {
  const bin = tempDir("mighook-bin-");
  symlinkSync("/usr/bin/git", join(bin, "git"));
  return bin;
}

const expectBlocked = (result: RunResult, ...words: string[]) => {
  expect(result.code, output(result)).not.toBe(0);
  for (const word of words) expect(output(result)).toContain(word);
};

describe("native hook", () => {
  it("blocks the incident's commit, lets the careful one through, and MIGHOOK=0 skips it", () => {
    const repo = incidentRepo();
    const installed = repo.mighook(["install"]);
    expect(installed.code, output(installed)).toBe(0);
    const hookPath = join(repo.dir, ".git/hooks/pre-commit");
    const hook = readFileSync(hookPath, "utf8");
    expect(statSync(hookPath).mode & 0o777).toBe(0o755);
    expect(hook.startsWith("#!/bin/sh\n# mighook-hook")).toBe(true);
    expect(hook).not.toContain("\r");
    const code = hook.split("\n").filter((line) => !line.trimStart().startsWith("#"));
    expect(code.join("\n")).not.toContain("npx"); // slow, and it may download
    expect(hook).toMatch(/^MIGHOOK_NODE='\/.+'$/m);
    expect(hook).toMatch(/^MIGHOOK_CLI='\/.+cli\.js'$/m);

    stageMistake(repo);
    expectBlocked(commit(repo), "duplicate-version", "missing-from-suite", "--no-verify");
    expect(commitCount(repo)).toBe(1);
    expect(commit(repo, { MIGHOOK: "0" }).code).toBe(0);
    expect(commitCount(repo)).toBe(2);

    repo.git("reset", "-q", "--hard", "HEAD~1");
    stageGoodMigration(repo);
    const good = commit(repo);
    expect(good.code, output(good)).toBe(0);
  });

  it("chains a hook that picks its work by its own name and folder (husky 4, yorkie), and a bash hook", () => {
    const repo = incidentRepo();
    // husky 4's hooks: `hookName=$(basename "$0")`, then `. "$(dirname "$0")/husky.sh"`.
    repo.executable(".git/hooks/pre-commit", '#!/bin/sh\nhookName=`basename "$0"`\n. "$(dirname -- "$0")/team.sh"\n');
    repo.write(".git/hooks/team.sh", 'echo "team $hookName ran with $# arguments" >&2\n[ "$hookName" = pre-commit ] && [ -f .block ] && exit 4\nexit 0\n');
    repo.executable(".git/hooks/pre-merge-commit", '#!/usr/bin/env bash\n[[ -f .block-merge ]] && exit 5\nexit 0\n');
    expect(repo.mighook(["install"]).code).toBe(0);

    repo.write(".block", "").write("README.md", "hello\n").git("add", "README.md");
    expectBlocked(commit(repo), "team pre-commit ran with 0 arguments");
    repo.remove(".block");
    const good = commit(repo);
    expect(good.code, output(good)).toBe(0);
    expect(output(good)).toContain("team pre-commit ran");
    const merge = run(join(repo.dir, ".git/hooks/pre-merge-commit"), [], { cwd: repo.dir, env: gitEnv() });
    expect(merge.code).toBe(0);
    repo.write(".block-merge", "");
    expect(run(join(repo.dir, ".git/hooks/pre-merge-commit"), [], { cwd: repo.dir, env: gitEnv() }).code).toBe(5);
  });

  it("chains an existing hook: it runs first and its failure blocks; install twice, uninstall restores it byte for byte", () => {
    const repo = incidentRepo();
    const hookPath = join(repo.dir, ".git/hooks/pre-commit");
    // No final newline and an unusual mode: what a rewrite would not reproduce by accident.
    const original = '#!/bin/sh\necho "team hook ran" >&2\n[ -f .block ] && exit 3\nexit 0';
    writeFileSync(hookPath, original, { mode: 0o750 });

    expect(repo.mighook(["install"]).code).toBe(0);
    const once = readFileSync(hookPath);
    const twice = repo.mighook(["install"]);
    expect(twice.code).toBe(0);
    expect(output(twice)).toContain("already installed");
    expect(readFileSync(hookPath)).toEqual(once);
    const chained = join(repo.dir, ".git/hooks/pre-commit.mighook-chained");
    expect(readFileSync(chained, "utf8")).toBe(original);
    expect(readdirSync(join(repo.dir, ".git/hooks")).filter((f) => !f.endsWith(".sample")).sort()).toEqual(["pre-commit", "pre-commit.mighook-chained", "pre-merge-commit"]);

    stageGoodMigration(repo);
    const good = commit(repo);
    expect(good.code, output(good)).toBe(0);
    expect(output(good)).toContain("team hook ran");

    // The team's hook fails: the commit stops, even though mighook has nothing to say.
    repo.write(".block", "").write("README.md", "hello\n").git("add", "README.md");
    expectBlocked(commit(repo), "team hook ran");
    repo.remove(".block");
    // The team's hook passes, mighook blocks.
    stageMistake(repo);
    expectBlocked(commit(repo), "team hook ran", "missing-from-suite");

    const removed = repo.mighook(["uninstall"]);
    expect(removed.code, output(removed)).toBe(0);
    expect(readFileSync(hookPath, "utf8")).toBe(original);
    expect(statSync(hookPath).mode & 0o777).toBe(0o750);
    expect(readdirSync(join(repo.dir, ".git/hooks")).filter((f) => !f.endsWith(".sample"))).toEqual(["pre-commit"]);
    expect(output(repo.mighook(["uninstall"]))).toContain("nothing to uninstall");
  });

  it("uninstall: mighook's hook with lines someone added above its marker is not left running under a success message", () => {
    const repo = incidentRepo();
    expect(repo.mighook(["install"]).code).toBe(0);
    const hookPath = join(repo.dir, ".git/hooks/pre-commit");
    const edited = readFileSync(hookPath, "utf8").replace("#!/bin/sh\n", '#!/bin/sh\necho "team line" >&2\n# our notes\n');
    writeFileSync(hookPath, edited);
    const removed = repo.mighook(["uninstall"]);
    expect(removed.code, output(removed)).toBe(1);
    expect(output(removed)).toContain("mighook's hook with changes someone made");
    expect(output(removed)).not.toContain("nothing to uninstall");
    expect(readFileSync(hookPath, "utf8")).toBe(edited);
    // A hook someone wrote that runs mighook: uninstall says it still runs, exit 1.
    repo.remove(".git/hooks/pre-commit").remove(".git/hooks/pre-merge-commit");
    repo.executable(".git/hooks/pre-commit", "#!/bin/sh\nnpx mighook check --staged\n");
    const foreign = repo.mighook(["uninstall"]);
    expect(foreign.code, output(foreign)).toBe(1);
    expect(foreign.stdout).toContain("commits still run mighook from:");
    expect(foreign.stdout).toContain(".git/hooks/pre-commit");
  });

  it("uninstall after `pre-commit install` moved mighook's hook to pre-commit.legacy: it goes, and the chained hook comes back there", () => {
    const repo = incidentRepo();
    const original = "#!/bin/sh\necho team\n";
    repo.executable(".git/hooks/pre-commit", original);
    expect(repo.mighook(["install"]).code).toBe(0);
    // What pre-commit's installer does: its own hook in front, the old one aside.
    renameSync(join(repo.dir, ".git/hooks/pre-commit"), join(repo.dir, ".git/hooks/pre-commit.legacy"));
    repo.executable(".git/hooks/pre-commit", "#!/usr/bin/env bash\n# File generated by pre-commit: https://pre-commit.com\nexec pre-commit hook-impl\n");
    const removed = repo.mighook(["uninstall"]);
    expect(removed.code, output(removed)).toBe(0);
    expect(readFileSync(join(repo.dir, ".git/hooks/pre-commit.legacy"), "utf8")).toBe(original);
    expect(readdirSync(join(repo.dir, ".git/hooks")).filter((f) => !f.endsWith(".sample")).sort()).toEqual(["pre-commit", "pre-commit.legacy"]);
  });

  it("a chained hook's own `set -e` stops the commit, under dash and under bash as sh", () => {
    const repo = incidentRepo();
    writeFileSync(join(repo.dir, ".git/hooks/pre-commit"), '#!/bin/sh\nset -e\necho "team hook ran" >&2\nfalse\necho "went on after false" >&2\n', { mode: 0o755 });
    expect(repo.mighook(["install"]).code).toBe(0);
    stageGoodMigration(repo);
    const viaGit = commit(repo);
    expectBlocked(viaGit, "team hook ran");
    expect(output(viaGit)).not.toContain("went on after false");
    // macOS and Fedora run hooks with bash as sh, which ignores `set -e` on the left of ||.
    const viaBash = run("bash", ["--posix", ".git/hooks/pre-commit"], { cwd: repo.dir, env: gitEnv() });
    expect(viaBash.code, output(viaBash)).toBe(1);
    expect(output(viaBash)).not.toContain("went on after false");
    expect(commitCount(repo)).toBe(1);
  });

  it("still runs the chained hook after `pre-commit install` moves mighook's hook to pre-commit.legacy", () => {
    const repo = incidentRepo();
    const hooks = join(repo.dir, ".git/hooks");
    writeFileSync(join(hooks, "pre-commit"), '#!/bin/sh\necho "team hook ran" >&2\nexit 3\n', { mode: 0o755 });
    expect(repo.mighook(["install"]).code).toBe(0);
    // What the pre-commit framework does in its "migration mode": keep the
    // old hook as pre-commit.legacy and run it from its own hook.
    renameSync(join(hooks, "pre-commit"), join(hooks, "pre-commit.legacy"));
    writeFileSync(join(hooks, "pre-commit"), '#!/bin/sh\n"$(dirname "$0")/pre-commit.legacy" "$@" || exit $?\n', { mode: 0o755 });
    stageGoodMigration(repo);
    expectBlocked(commit(repo), "team hook ran");
  });

  it("judges the temporary index of `git commit -a`, and blocks a commit that only deletes a listed migration", () => {
    const repo = incidentRepo();
    expect(repo.mighook(["install"]).code).toBe(0);
    // Drop 005 from both lists in the working tree only; -a stages it into a temporary index.
    repo.write(SUITE, suiteListing(listedWith().filter((f) => f !== "005_create_actions_table.sql")));
    expectBlocked(commit(repo, {}, "-a"), "missing-from-suite", "005_create_actions_table.sql");
    repo.git("checkout", "--", SUITE);

    repo.git("rm", "-q", LISTED_005);
    expectBlocked(commit(repo), "unknown-in-suite", "005_create_actions_table.sql");
    expect(commitCount(repo)).toBe(1);
  });

  it("guards a linked worktree when installed from the main checkout", () => {
    const repo = incidentRepo();
    expect(repo.mighook(["install"]).code).toBe(0);
    const path = join(tempDir("mighook-wt-"), "feature");
    repo.git("worktree", "add", "-q", "-b", "feature", path);
    const worktree = new Repo(path);
    stageMistake(worktree);
    expectBlocked(commit(worktree), "missing-from-suite");
    // Installing from inside the worktree finds the same, shared hook.
    expect(output(worktree.mighook(["install"]))).toContain("already installed");
  });

  it("honours a core.hooksPath inside the repository, and refuses one outside it with exit 1", () => {
    const repo = incidentRepo();
    repo.git("config", "core.hooksPath", ".githooks");
    const installed = repo.mighook(["install"]);
    expect(installed.code, output(installed)).toBe(0);
    expect(readFileSync(join(repo.dir, ".githooks/pre-commit"), "utf8")).toContain("# mighook-hook");
    expect(readdirSync(join(repo.dir, ".git/hooks")).filter((f) => !f.endsWith(".sample"))).toEqual([]);
    stageMistake(repo);
    expectBlocked(commit(repo), "missing-from-suite");

    const global = tempDir("mighook-global-hooks-");
    const other = incidentRepo();
    other.git("config", "core.hooksPath", global);
    const refused = other.mighook(["install"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("core.hooksPath points outside this repository");
    expect(refused.stderr).toContain("→");
    expect(readdirSync(global)).toEqual([]);
    expect(other.git("config", "core.hooksPath").trim()).toBe(global);

    // Set to nothing, git runs no hook at all: say so rather than write one that never runs.
    const empty = incidentRepo();
    empty.git("config", "core.hooksPath", "");
    const nowhere = empty.mighook(["install"]);
    expect(nowhere.code, output(nowhere)).toBe(1);
    expect(nowhere.stderr).toContain("core.hooksPath is set to nothing");
    expect(empty.git("status", "--porcelain")).toBe("");
  });

  it("finds mighook in node_modules first, then on PATH, then at the recorded paths, and says how to skip when it is nowhere", () => {
    const repo = incidentRepo(); // a Go service: no package.json
    expect(() => statSync(join(repo.dir, "package.json"))).toThrow();
    expect(repo.mighook(["install"]).code).toBe(0);
    const hookPath = join(repo.dir, ".git/hooks/pre-commit");
    const hook = readFileSync(hookPath, "utf8");
    stageMistake(repo);

    // 1. The repository's node_modules comes first.
    repo.executable("node_modules/.bin/mighook", '#!/bin/sh\necho "node_modules mighook: $*" >&2\nexit 7\n');
    expectBlocked(commit(repo), "node_modules mighook: check --staged");
    repo.remove("node_modules");

    // 2. mighook on PATH only: the recorded paths are blanked.
    writeFileSync(hookPath, hook.replace(/^MIGHOOK_(NODE|CLI)=.*$/gm, "MIGHOOK_$1=''"));
    expectBlocked(commit(repo), "missing-from-suite");

    // 3. A GUI client's PATH, with neither node nor mighook: the recorded paths.
    writeFileSync(hookPath, hook);
    const gitOnly = pathWithGitOnly();
    expectBlocked(commit(repo, { PATH: gitOnly }), "missing-from-suite");

    // 4. Nowhere: say how to install it and how to skip once.
    writeFileSync(hookPath, hook.replace(/^MIGHOOK_CLI=.*$/m, "MIGHOOK_CLI='/nonexistent/mighook/dist/cli.js'"));
    const lost = commit(repo, { PATH: gitOnly });
    expectBlocked(lost, "cannot find mighook", "npm install", "git commit --no-verify");
    expect(commitCount(repo)).toBe(1);
  });

  it("does nothing and exits 0 under CI=true, with MIGHOOK=0, or outside a git repository", () => {
    const repo = incidentRepo();
    for (const env of [{ CI: "true" }, { MIGHOOK: "0" }]) {
      const result = repo.mighook(["install"], env);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("skipped");
    }
    expect(readdirSync(join(repo.dir, ".git/hooks")).filter((f) => !f.endsWith(".sample"))).toEqual([]);
    const outside = tempDir("mighook-no-repo-");
    const result = repo.mighook(["install"], { GIT_CEILING_DIRECTORIES: tmpdir() }, outside);
    expect(result.code, output(result)).toBe(0);
    expect(result.stdout).toContain("not inside a git working tree");
  });
});

describe("beside hook managers", () => {
  it("husky v9, set up for real: adds the line, keeps the old content, blocks the commit; uninstall restores it", () => {
    const repo = incidentRepo();
    const husky = run(HUSKY, [], { cwd: repo.dir, env: gitEnv() });
    expect(husky.code, output(husky)).toBe(0);
    expect(repo.git("config", "core.hooksPath").trim()).toBe(".husky/_");
    const original = 'echo "old husky hook ran"\n';
    repo.write(".husky/pre-commit", original);
    const internals = () => readdirSync(join(repo.dir, ".husky/_")).map((f) => [f, readFileSync(join(repo.dir, ".husky/_", f), "utf8")]);
    const before = internals();

    expect(repo.mighook(["install"]).code).toBe(0);
    expect(repo.read(".husky/pre-commit")).toBe(`${MARKED}\n${original}`); // before the last command, whose status stays the hook's
    expect(output(repo.mighook(["install"]))).toContain("already runs mighook");
    expect(repo.read(".husky/pre-commit")).toBe(`${MARKED}\n${original}`);
    expect(internals()).toEqual(before);
    expect(readdirSync(join(repo.dir, ".git/hooks")).filter((f) => !f.endsWith(".sample"))).toEqual([]);

    stageMistake(repo);
    expectBlocked(commit(repo), "missing-from-suite"); // husky runs the hook with sh -e: it stops there
    repo.git("reset", "-q");
    repo.write("README.md", "docs\n").git("add", "README.md");
    const clean = commit(repo);
    expect(clean.code, output(clean)).toBe(0);
    expect(output(clean)).toContain("old husky hook ran");

    expect(repo.mighook(["uninstall"]).code).toBe(0);
    expect(repo.read(".husky/pre-commit")).toBe(original);
  });

  it("husky: mighook's line goes before a closing exit, edits a symlinked hook's target, and MIGHOOK=0 skips it", () => {
    const repo = incidentRepo();
    expect(run(HUSKY, [], { cwd: repo.dir, env: gitEnv() }).code).toBe(0);
    const original = 'echo "team hook ran"\nexit 0\n\n';
    repo.write("scripts/pre-commit.sh", original);
    symlinkSync("../scripts/pre-commit.sh", join(repo.dir, ".husky/pre-commit"));
    expect(repo.mighook(["install"]).code).toBe(0);
    expect(repo.read("scripts/pre-commit.sh")).toBe(`echo "team hook ran"\n${MARKED}\nexit 0\n\n`);

    stageMistake(repo);
    expectBlocked(commit(repo), "team hook ran", "missing-from-suite");
    const skipped = commit(repo, { MIGHOOK: "0" });
    expect(skipped.code, output(skipped)).toBe(0);
    expect(output(skipped)).toContain("skipped (MIGHOOK=0)");

    expect(repo.mighook(["uninstall"]).code).toBe(0);
    expect(repo.read("scripts/pre-commit.sh")).toBe(original);
    expect(lstatSync(join(repo.dir, ".husky/pre-commit")).isSymbolicLink()).toBe(true);
  });

  it("husky: a hook linked out of the repository, or to nothing, is refused and left as it was", () => {
    const repo = incidentRepo();
    expect(run(HUSKY, [], { cwd: repo.dir, env: gitEnv() }).code).toBe(0);
    const shared = join(tempDir("mighook-dotfiles-"), "pre-commit");
    writeFileSync(shared, 'echo "shared hook"\n');
    symlinkSync(shared, join(repo.dir, ".husky/pre-commit"));
    const outside = repo.mighook(["install"]);
    expect(outside.code, output(outside)).toBe(1);
    expect(outside.stderr).toContain(`.husky/pre-commit leads to ${shared}, outside this repository`);
    expect(outside.stderr).toContain("→");
    expect(readFileSync(shared, "utf8")).toBe('echo "shared hook"\n');

    rmSync(join(repo.dir, ".husky/pre-commit"));
    symlinkSync("../scripts/missing.sh", join(repo.dir, ".husky/pre-commit"));
    const dangling = repo.mighook(["install"]);
    expect(dangling.code, output(dangling)).toBe(2);
    expect(dangling.stderr).toContain(".husky/pre-commit is a symbolic link to ../scripts/missing.sh, which does not exist");
    expect(dangling.stderr).not.toMatch(/\n\s+at /);
    expect(lstatSync(join(repo.dir, ".husky/pre-commit")).isSymbolicLink()).toBe(true);

    // A linked folder leads out just the same.
    rmSync(join(repo.dir, ".husky"), { recursive: true, force: true });
    const dotfiles = tempDir("mighook-dotfiles-husky-");
    writeFileSync(join(dotfiles, "pre-commit"), "npm test\n");
    symlinkSync(dotfiles, join(repo.dir, ".husky"));
    const linkedFolder = repo.mighook(["install"]);
    expect(linkedFolder.code, output(linkedFolder)).toBe(1);
    expect(linkedFolder.stderr).toContain("outside this repository");
    expect(readFileSync(join(dotfiles, "pre-commit"), "utf8")).toBe("npm test\n");
    rmSync(join(repo.dir, ".husky"));
    expect(run(HUSKY, [], { cwd: repo.dir, env: gitEnv() }).code).toBe(0);

    // One file refused: the other is not half-installed either.
    repo.write(".husky/pre-commit", "npm test\n").write(".husky/pre-merge-commit/oops", "");
    const folder = repo.mighook(["install"]);
    expect(folder.code, output(folder)).toBe(2);
    expect(folder.stderr).toContain("pre-merge-commit is a folder");
    expect(repo.read(".husky/pre-commit")).toBe("npm test\n");
  });

  it("husky with mighook as a devDependency: the line names node_modules/.bin (husky 8 puts nothing on PATH); a team's own line stays", () => {
    const repo = incidentRepo();
    expect(run(HUSKY, [], { cwd: repo.dir, env: gitEnv() }).code).toBe(0);
    repo.write("package.json", JSON.stringify({ devDependencies: { mighook: "^0.1.0" } }));
    mkdirSync(join(repo.dir, "node_modules/.bin"), { recursive: true });
    symlinkSync(inject("mighookBin"), join(repo.dir, "node_modules/.bin/mighook"));
    symlinkSync(join(inject("mighookBinDir"), "mighook-staged"), join(repo.dir, "node_modules/.bin/mighook-staged"));
    repo.write(".husky/pre-commit", "npm test --if-present\n").write(".husky/pre-merge-commit", "mighook check --staged\n");
    expect(repo.mighook(["install"]).code).toBe(0);
    expect(repo.read(".husky/pre-commit")).toBe("node_modules/.bin/mighook-staged # added by mighook install\nnpm test --if-present\n");
    expect(repo.read(".husky/pre-merge-commit")).toBe("mighook check --staged\n"); // already there: left alone

    // No mighook on PATH at all, only node and git: the hook still finds it.
    stageMistake(repo);
    expectBlocked(commit(repo, { PATH: `${dirname(process.execPath)}:/usr/bin:/bin` }), "missing-from-suite");

    const removed = repo.mighook(["uninstall"]);
    expect(repo.read(".husky/pre-commit")).toBe("npm test --if-present\n");
    expect(repo.read(".husky/pre-merge-commit")).toBe("mighook check --staged\n"); // the team's line, not mighook's to remove
    expect(removed.code).toBe(1); // the commit still runs mighook: not a success
    expect(output(removed)).toContain("commits still run mighook from:\n  .husky/pre-merge-commit (a line mighook did not write)");
  });

  it("husky: a hook that ends with an exit inside a block is left as it is, with the line to place by hand", () => {
    const repo = incidentRepo();
    expect(run(HUSKY, [], { cwd: repo.dir, env: gitEnv() }).code).toBe(0);
    const original = 'case "$CI" in\n  true) exit 0;;\n  *) exec npx lint-staged;;\nesac\n';
    repo.write(".husky/pre-commit", original);
    const result = repo.mighook(["install"]);
    // Not wired, so not a success: exit 1, and no word of protection.
    expect(result.code, output(result)).toBe(1);
    expect(result.stdout).toContain("left .husky/pre-commit as it is");
    expect(result.stdout).toContain("    mighook-staged");
    expect(result.stdout).toContain("not checked yet");
    expect(result.stdout).not.toContain("Every `git commit`");
    expect(repo.read(".husky/pre-commit")).toBe(original);
    expect(repo.read(".husky/pre-merge-commit")).toBe("mighook-staged # mighook install created this file\n");
    // Under npm's prepare step: the same words, exit 0, so npm ci doesn't fail for the team.
    const prepare = repo.mighook(["install"], { npm_lifecycle_event: "prepare" });
    expect(prepare.code, output(prepare)).toBe(0);
    expect(prepare.stdout).toContain("    mighook-staged");
    expect(prepare.stdout).toContain("npm's prepare step");
    expect(prepare.stdout).not.toContain("Every `git commit`");
  });

  it("husky: a hook with an if block is not wired (exit 1), and a bad commit is not blessed; placing the line by hand then confirms", () => {
    const repo = incidentRepo();
    expect(run(HUSKY, [], { cwd: repo.dir, env: gitEnv() }).code).toBe(0);
    const original = 'if [ -n "$SKIP_LINT" ]; then\n  echo skipping\nelse\n  echo lint\nfi\n';
    repo.write(".husky/pre-commit", original);
    const result = repo.mighook(["install"]);
    expect(result.code, output(result)).toBe(1);
    expect(result.stdout).not.toContain("Every `git commit`");
    expect(repo.read(".husky/pre-commit")).toBe(original);
    repo.write(".husky/pre-commit", `mighook check --staged\n${original}`);
    const confirmed = repo.mighook(["install"]);
    expect(confirmed.code, output(confirmed)).toBe(0);
    expect(confirmed.stdout).toContain("Every `git commit`");
  });

  it("husky without a pre-commit file: creates it, and uninstall removes it; an empty one it found comes back empty", () => {
    const repo = incidentRepo();
    expect(run(HUSKY, [], { cwd: repo.dir, env: gitEnv() }).code).toBe(0);
    repo.write(".husky/pre-merge-commit", "");
    expect(repo.mighook(["install"]).code).toBe(0);
    expect(repo.read(".husky/pre-commit")).toBe("mighook-staged # mighook install created this file\n");
    expect(repo.read(".husky/pre-merge-commit")).toBe(`${MARKED}\n`);
    stageMistake(repo);
    expectBlocked(commit(repo), "missing-from-suite");
    expect(repo.mighook(["uninstall"]).code).toBe(0);
    expect(() => repo.read(".husky/pre-commit")).toThrow();
    expect(repo.read(".husky/pre-merge-commit")).toBe("");
  });

  it("works as a lint-staged task: the commit is blocked", () => {
    const repo = incidentRepo();
    repo.write(".lintstagedrc.json", JSON.stringify({ "migrations/**": "mighook check --staged" })).commitAll("lint-staged");
    repo.executable(".git/hooks/pre-commit", `#!/bin/sh\nexec ${LINT_STAGED}\n`);
    stageMistake(repo);
    expectBlocked(commit(repo), "missing-from-suite");
    expect(commitCount(repo)).toBe(2);
  });

  it("lint-staged with docs/hooks.md's glob judges a suite-only and a config-only commit; a delete-only commit runs no task (its stated limit)", () => {
    const repo = incidentRepo();
    const glob = "{migrations/**,test/integration/**/suite_test.go,mighook.config.json,package.json}";
    repo.write(".lintstagedrc.json", JSON.stringify({ [glob]: "mighook-staged" })).commitAll("lint-staged");
    repo.executable(".git/hooks/pre-commit", `#!/bin/sh\nexec ${LINT_STAGED}\n`);
    // Suite only: a listed migration dropped from both lists.
    repo.write(SUITE, suiteListing(listedWith().filter((f) => f !== LISTED_005.slice("migrations/".length)))).git("add", SUITE);
    expectBlocked(commit(repo), "missing-from-suite");
    repo.git("reset", "-q", "--hard");
    // Config only: a config that no longer reads is judged too (exit 2 stops the commit).
    repo.write("mighook.config.json", '{ "sets": [ { "name": "x" } ] }\n').git("add", "mighook.config.json");
    expectBlocked(commit(repo), "sets[0].dir");
    repo.git("reset", "-q", "--hard");
    // Delete only: the listed migration goes, its entries stay. lint-staged passes deleted files to no task.
    repo.git("rm", "-q", LISTED_005);
    const deleted = commit(repo);
    expect(deleted.code, output(deleted)).toBe(0);
    expect(repo.mighook(["check", "--tree", "HEAD"]).code).toBe(1); // what slipped through
  });
});

describe("the shipped files", () => {
  it("hooks/pre-commit is POSIX sh, LF, executable, and marked", () => {
    const template = join(PROJECT, "hooks/pre-commit");
    const text = readFileSync(template, "utf8");
    expect(text.startsWith("#!/bin/sh\n")).toBe(true);
    expect(text).not.toContain("\r");
    expect(statSync(template).mode & 0o111).not.toBe(0);
    const sh = run("sh", ["-n", template], {});
    expect(sh.code, sh.stderr).toBe(0);
  });

  it("records install-time paths quoted for sh, whatever they hold", () => {
    const path = "/opt/it's \"odd\"/$HOME/`id`/node";
    const echoed = run("sh", ["-c", `v=${shQuote(path)}; printf %s "$v"`], {});
    expect(echoed.stdout).toBe(path);
  });
});
