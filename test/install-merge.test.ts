import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { migrationSql } from "./helpers/incident.js";
import { gitEnv, Repo, run, type RunResult } from "./helpers/repo.js";

// The incident's collision arrives through a merge: two branches each add a
// 022, and git merges them cleanly, running pre-merge-commit, not pre-commit.
const HUSKY = join(resolve(import.meta.dirname, ".."), "node_modules/.bin/husky");
const output = (result: RunResult) => result.stdout + result.stderr;

/** main with 001; branches a and b each add their own 022 (no suites: nothing conflicts). */
function twoBranches(): Repo {
  const repo = new Repo().write("migrations/001_initial.sql", migrationSql("initial")).commitAll("baseline");
  repo.git("checkout", "-q", "-b", "a");
  repo.write("migrations/022_a.sql", migrationSql("a")).commitAll("a");
  repo.git("checkout", "-q", "-b", "b", "main");
  repo.write("migrations/022_b.sql", migrationSql("b")).commitAll("b");
  return repo;
}

const merge = (repo: Repo) => repo.tryGit(["merge", "--no-edit", "a"]);

describe("merges", () => {
  it("a native install blocks a clean merge that brings two 022s together", () => {
    const repo = twoBranches();
    expect(repo.mighook(["install"]).code).toBe(0);
    const result = merge(repo);
    expect(result.code, output(result)).not.toBe(0);
    expect(output(result)).toContain("duplicate-version");
    expect(repo.git("rev-list", "--count", "HEAD").trim()).toBe("2"); // not merged
    repo.git("merge", "--abort");
    expect(repo.mighook(["uninstall"]).code).toBe(0);
    expect(readdirSync(join(repo.dir, ".git/hooks")).filter((f) => !f.endsWith(".sample"))).toEqual([]);
    expect(merge(repo).code).toBe(0);
  });

  it("with husky: adds the line to .husky/pre-merge-commit too, and the merge is blocked", () => {
    const repo = twoBranches();
    expect(run(HUSKY, [], { cwd: repo.dir, env: gitEnv() }).code).toBe(0);
    expect(repo.mighook(["install"]).code).toBe(0);
    expect(repo.read(".husky/pre-merge-commit")).toBe("mighook-staged # mighook install created this file\n");
    const result = merge(repo);
    expect(result.code, output(result)).not.toBe(0);
    expect(output(result)).toContain("duplicate-version");
    repo.git("merge", "--abort");
    expect(repo.mighook(["uninstall"]).code).toBe(0);
    expect(() => repo.read(".husky/pre-merge-commit")).toThrow();
  });
});

describe("mighook's own hook, edited by someone", () => {
  it("is neither replaced by install nor deleted by uninstall", () => {
    const repo = twoBranches();
    expect(repo.mighook(["install"]).code).toBe(0);
    const hook = join(repo.dir, ".git/hooks/pre-commit");
    const edited = `${readFileSync(hook, "utf8")}echo MY-EDIT\n`;
    repo.write(".git/hooks/pre-commit", edited);
    for (const command of ["install", "uninstall"]) {
      const result = repo.mighook([command]);
      expect(result.code, output(result)).toBe(1);
      expect(result.stderr).toContain("changes someone made");
      expect(result.stderr).toContain("pre-commit.mighook-chained");
      expect(readFileSync(hook, "utf8")).toBe(edited);
    }
  });
});

describe("a relative core.hooksPath", () => {
  it("installs there and says that linked worktrees look in their own folder", () => {
    const repo = twoBranches();
    repo.git("config", "core.hooksPath", ".githooks");
    const result = repo.mighook(["install"]);
    expect(result.code, output(result)).toBe(0);
    expect(result.stdout).toContain("each linked worktree");
    expect(readFileSync(join(repo.dir, ".githooks/pre-commit"), "utf8")).toContain("# mighook-hook");
  });
});
