import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { migrationFile } from "../scripts/fixtures.mjs";
import { migrationSql, suiteGo, SUITE } from "./helpers/incident.js";
import { Repo } from "./helpers/repo.js";

// The hook runs on every commit, so its git work must not grow with the
// repository. GIT_TRACE names every git process mighook starts; counting them
// is exact where timing would be noise.
const traces: string[] = [];
afterEach(() => {
  for (const dir of traces.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The git commands `mighook check --staged` ran, e.g. ["diff", "cat-file", "ls-files"]. */
function gitCommandsOfCheck(repo: Repo): { code: number; commands: string[] } {
  const dir = mkdtempSync(join(tmpdir(), "mighook-trace-"));
  traces.push(dir);
  const file = join(dir, "trace");
  const result = repo.mighook(["check", "--staged"], { GIT_TRACE: file });
  const commands = readFileSync(file, "utf8")
    .split("\n")
    .flatMap((line) => /trace: built-in: git (\S+)/.exec(line)?.[1] ?? []);
  return { code: result.code, commands };
}

/** A repository with `count` listed migrations, one new one and its entry staged. */
function repoWith(count: number): Repo {
  const names = Array.from({ length: count }, (_, i) => migrationFile(i + 1, `m${i + 1}`, 4));
  const repo = new Repo();
  repo.write("mighook.config.json", JSON.stringify({ sets: [{ dir: "migrations", suites: [{ file: SUITE }] }] }));
  repo.write("migrations/.gitkeep", ""); // empty, like an intent-to-add entry, but no migration: asks nothing more
  for (const name of names) repo.write(`migrations/${name}`, migrationSql(name.replace(/^\d+_|\.sql$/g, "")));
  repo.write(SUITE, suiteGo(names)).commitAll("baseline");
  const added = migrationFile(count + 1, "added", 4);
  repo.write(`migrations/${added}`, migrationSql("added")).write(SUITE, suiteGo([...names, added]));
  repo.git("add", "-A");
  return repo;
}

describe("check --staged starts a constant number of git processes", () => {
  it("reads no blob at all (not even the config) when the commit has no .sql, .go or config file", () => {
    const repo = repoWith(3);
    repo.git("commit", "-q", "--no-verify", "-m", "migrations");
    repo.write("README.md", "docs\n").git("add", "README.md");
    expect(gitCommandsOfCheck(repo)).toEqual({ code: 0, commands: ["diff"] });
  });

  it("starts the same processes at 10 and at 300 migrations, one cat-file among them", () => {
    const small = gitCommandsOfCheck(repoWith(10));
    const large = gitCommandsOfCheck(repoWith(300));
    expect(small.code).toBe(0);
    expect(large).toEqual(small);
    expect(small.commands.filter((c) => c === "cat-file")).toHaveLength(1);
    expect([...small.commands].sort()).toEqual(["cat-file", "diff", "ls-files"]);
  });
});

describe("check --staged on Go files outside the config (unconfigured-list)", () => {
  it("reads changed Go files through the one cat-file: no more processes, whether or not a list is found", () => {
    const repo = repoWith(10);
    repo.git("commit", "-q", "--no-verify", "-m", "migrations");
    // A Go change whose lines name no migration: the same processes as any unrelated Go change.
    repo.write("main.go", "package main\n\nfunc main() {}\n").git("add", "main.go");
    expect(gitCommandsOfCheck(repo)).toEqual({ code: 0, commands: ["diff", "cat-file"] });
    repo.git("commit", "-q", "--no-verify", "-m", "main");
    // A new list of the set's migrations in an unconfigured file: judged, with the usual processes.
    const names = Array.from({ length: 3 }, (_, i) => migrationFile(i + 1, `m${i + 1}`, 4));
    repo.write("it/new_test.go", suiteGo(names)).git("add", "-A");
    const found = gitCommandsOfCheck(repo);
    expect(found.code).toBe(0);
    expect([...found.commands].sort()).toEqual(["cat-file", "diff", "ls-files"]);
    expect(repo.mighook(["check", "--staged"]).stdout).toContain("unconfigured-list");
  });
});

describe("the hook's pre-check, before Node", () => {
  it("starts three git processes and no Node for an unrelated commit, at 10 and at 300 migrations", () => {
    for (const count of [10, 300]) {
      const repo = repoWith(count);
      repo.git("commit", "-q", "--no-verify", "-m", "migrations");
      expect(repo.mighook(["install"]).code).toBe(0);
      repo.write("README.md", "docs\n").git("add", "README.md");
      const dir = mkdtempSync(join(tmpdir(), "mighook-trace-"));
      traces.push(dir);
      const result = repo.tryGit(["commit", "-q", "-m", "docs"], { GIT_TRACE: join(dir, "trace") });
      expect(result.code, result.stderr).toBe(0);
      const trace = readFileSync(join(dir, "trace"), "utf8");
      const commands = trace.split("\n").flatMap((line) => /trace: built-in: git (\S+)/.exec(line)?.[1] ?? []);
      expect(commands.filter((c) => c !== "commit" && c !== "maintenance")).toEqual(["ls-files", "diff", "diff"]);
      expect(trace).not.toMatch(/run_command: .*\bnode\b|exec: .*\bmighook\b/);
    }
  });
});
