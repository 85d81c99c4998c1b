import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { incidentRepo } from "./helpers/incident.js";
import { gitEnv, Repo, run, type RunResult } from "./helpers/repo.js";

// `mighook doctor` in the clone a teammate really gets: exit 0 only when every
// link from git to mighook is there, else exit 1 naming the missing one.
const PROJECT = resolve(import.meta.dirname, "..");
const HUSKY = join(PROJECT, "node_modules/.bin/husky");
const output = (result: RunResult) => result.stdout + result.stderr;

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh clone of `repo`, as a teammate gets it: committed files only, no local git config. */
function fresh(repo: Repo): Repo {
  const parent = mkdtempSync(join(tmpdir(), "mighook-clone-"));
  scratch.push(parent);
  run("git", ["clone", "-q", repo.dir, join(parent, "clone")], { env: gitEnv() });
  return new Repo(join(parent, "clone"));
}

describe("mighook doctor", () => {
  it("a teammate's fresh clone of a husky repository: not protected until husky is set up, then protected", () => {
    const repo = incidentRepo();
    expect(run(HUSKY, [], { cwd: repo.dir, env: gitEnv() }).code).toBe(0);
    // The mistake the issue reports: mighook's prepare replaced husky's.
    repo.write("package.json", JSON.stringify({ scripts: { prepare: "mighook install" }, devDependencies: { husky: "9.1.7" } }, null, 2));
    expect(repo.mighook(["install"]).code).toBe(0);
    repo.commitAll("hooks");

    const clone = fresh(repo);
    const before = clone.mighook(["doctor"]);
    expect(before.code, output(before)).toBe(1);
    expect(before.stdout).toContain("NOT protected");
    expect(before.stdout).toContain("husky 9 is not set up in this clone: core.hooksPath is unset");
    expect(before.stdout).toContain('"prepare": "husky && mighook install"');
    // A bad commit really does pass there: doctor is right.
    clone.write("migrations/021_add_status_reason_column.sql", "-- +goose Up\nSELECT 1;\n-- +goose Down\nSELECT 1;\n").git("add", "-A");
    expect(clone.tryGit(["commit", "-m", "bad"]).code).toBe(0);

    expect(run(HUSKY, [], { cwd: clone.dir, env: gitEnv() }).code).toBe(0);
    clone.write("package.json", JSON.stringify({ scripts: { prepare: "husky && mighook install" }, devDependencies: { husky: "9.1.7" } }, null, 2));
    const after = clone.mighook(["doctor"]);
    expect(after.code, output(after)).toBe(0);
    expect(after.stdout).toContain("this clone is protected");
  });

  it("native hooks: protected after install; a hook git skips, a broken config or no hook at all is named", () => {
    const repo = incidentRepo();
    const none = repo.mighook(["doctor"]);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain("no pre-commit hook in .git/hooks");
    expect(repo.mighook(["install"]).code).toBe(0);
    const ok = repo.mighook(["doctor"]);
    expect(ok.code, output(ok)).toBe(0);
    expect(ok.stdout).toContain(".git/hooks/pre-merge-commit runs mighook (mighook's hook)");

    chmodSync(join(repo.dir, ".git/hooks/pre-commit"), 0o644);
    const skipped = repo.mighook(["doctor"]);
    expect(skipped.code).toBe(1);
    expect(skipped.stdout).toContain("is not executable, so git skips it");
    chmodSync(join(repo.dir, ".git/hooks/pre-commit"), 0o755);

    repo.write("mighook.config.json", '{ "sets": [ { "name": "x" } ] }').git("add", "mighook.config.json");
    const broken = repo.mighook(["doctor"]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain("the config is not valid");
    expect(broken.stdout).toContain("sets[0].dir");
  });

  it("outside a working tree: exit 2", () => {
    const outside = mkdtempSync(join(tmpdir(), "mighook-no-repo-"));
    scratch.push(outside);
    const result = new Repo(outside).mighook(["doctor"], { GIT_CEILING_DIRECTORIES: tmpdir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("not inside a git working tree");
  });
});
