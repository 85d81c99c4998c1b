import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { migrationSql } from "./helpers/incident.js";
import { gitEnv, Repo, tempDir } from "./helpers/repo.js";

// The CLI's manners, from the packed package: help per command, did-you-mean,
// NO_COLOR as no-color.org defines it, --config, SARIF, --output-file, --quiet.


/** A repository with a clean migration committed and a second one, lacking goose's annotation, staged. */
function repoWithFinding(): Repo {
  const repo = new Repo();
  repo.write("migrations/001_init.sql", migrationSql("init")).commitAll("baseline");
  repo.write("migrations/002_bad.sql", "CREATE TABLE bad (id int);\n").git("add", "-A");
  return repo;
}

interface SarifLog {
  version: string;
  runs: Array<{
    tool: { driver: { name: string; rules: Array<{ id: string; shortDescription: { text: string } }> } };
    invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications?: Array<{ message: { text: string } }> }>;
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>;
      partialFingerprints: Record<string, string>;
    }>;
  }>;
}

describe("help and did-you-mean", () => {
  it("`mighook help <command>` is the command's help", () => {
    const repo = new Repo();
    for (const command of ["check", "install", "list", "init"]) {
      const help = repo.mighook(["help", command]);
      expect(help.code).toBe(0);
      expect(help.stdout).toBe(repo.mighook([command, "--help"]).stdout);
    }
    expect(repo.mighook(["help"]).stdout).toContain("mighook help <command>");
  });

  it("suggests the command or option meant, and guesses nothing for gibberish", () => {
    const repo = new Repo();
    const command = repo.mighook(["chekc"]);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('unknown command "chekc" (did you mean "check"?)');
    expect(repo.mighook(["help", "lsit"]).stderr).toContain('(did you mean "list"?)');
    const option = repo.mighook(["check", "--stagd"]);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("unknown option --stagd (did you mean --staged?)");
    expect(repo.mighook(["check", "--output-fil=x"]).stderr).toContain("(did you mean --output-file?)");
    const none = repo.mighook(["xyzzy"]);
    expect(none.stderr).toContain('unknown command "xyzzy"');
    expect(none.stderr).not.toContain("did you mean");
  });
});

describe("colour", () => {
  /** mighook's output on a real terminal (script allocates a pty), with the given environment. */
  const onTerminal = (repo: Repo, env: Record<string, string>) => {
    const assignments = Object.entries(env).map(([k, v]) => `${k}='${v}'`).join(" ");
    const result = spawnSync("script", ["-qc", `env ${assignments} '${inject("mighookBin")}' check --staged`, "/dev/null"], {
      cwd: repo.dir,
      env: gitEnv({ TERM: "xterm" }),
      encoding: "utf8",
    });
    return result.stdout;
  };

  it("an empty NO_COLOR does not turn colour off (no-color.org); a non-empty one does", () => {
    const repo = repoWithFinding();
    expect(onTerminal(repo, { NO_COLOR: "" })).toContain("\u001b[");
    expect(onTerminal(repo, {})).toContain("\u001b[");
    expect(onTerminal(repo, { NO_COLOR: "1" })).not.toContain("\u001b[");
  });
});

describe("--config PATH", () => {
  it("judges with a config from outside the judged tree, and names it in its errors", () => {
    const repo = new Repo();
    repo.write("README.md", "x\n").commitAll("baseline");
    repo.write("db/001_bad.sql", "CREATE TABLE bad (id int);\n").git("add", "-A");
    // The tree has no config: by default only migrations/ is watched.
    expect(repo.mighook(["check", "--staged"]).code).toBe(0);
    const shared = join(tempDir(), "shared.json");
    writeFileSync(shared, JSON.stringify({ sets: [{ dir: "db" }] }));
    const judged = repo.mighook(["check", "--staged", "--config", shared]);
    expect(judged.code).toBe(1);
    expect(judged.stdout).toContain("db/001_bad.sql");
    const pkg = join(tempDir(), "package.json");
    writeFileSync(pkg, JSON.stringify({ name: "monorepo", mighook: { sets: [{ dir: "db" }] } }));
    expect(repo.mighook(["check", "--staged", "--config", pkg]).code).toBe(1);

    writeFileSync(pkg, JSON.stringify({ name: "monorepo" }));
    const noKey = repo.mighook(["check", "--staged", "--config", pkg]);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('has no "mighook" key');
    writeFileSync(shared, "{ nope");
    const broken = repo.mighook(["check", "--staged", "--config", shared]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain(`${shared}:1: not valid JSON`);
    const missing = repo.mighook(["check", "--config", join(tempDir(), "absent.json")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("could not read it (ENOENT)");
  });

  it("writes no hook cache, and mighook-staged hands --config to mighook", () => {
    const repo = new Repo();
    repo.write("README.md", "x\n").commitAll("baseline");
    const shared = join(tempDir(), "shared.json");
    writeFileSync(shared, JSON.stringify({ sets: [{ dir: "db" }] }));
    repo.mighook(["check", "--config", shared]);
    expect(existsSync(join(repo.dir, ".git/mighook/fastpath"))).toBe(false);
    repo.executable(".git/hooks/pre-commit", `#!/bin/sh\nexec mighook-staged --config '${shared}'\n`);
    repo.mighook(["list"]); // a cache for the tree's own config (the default: migrations/)
    repo.write("db/001_bad.sql", "CREATE TABLE bad (id int);\n").git("add", "-A");
    const commit = repo.tryGit(["commit", "-q", "-m", "db"]);
    expect(commit.code).toBe(1);
    expect(commit.stdout + commit.stderr).toContain("db/001_bad.sql");
  });
});

describe("--format sarif, --output-file, --quiet", () => {
  it("prints SARIF 2.1.0 that code scanning reads: rules, results on file and line, fingerprints", () => {
    const repo = repoWithFinding();
    const result = repo.mighook(["check", "--staged", "--format", "sarif"]);
    expect(result.code).toBe(1);
    const log = JSON.parse(result.stdout) as SarifLog;
    expect(log.version).toBe("2.1.0");
    const [run] = log.runs;
    expect(run!.tool.driver.name).toBe("mighook");
    expect(run!.invocations[0]!.executionSuccessful).toBe(true);
    expect(run!.results.length).toBeGreaterThan(0);
    for (const r of run!.results) {
      expect(run!.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
      expect(["error", "warning"]).toContain(r.level);
      expect(r.locations[0]!.physicalLocation.artifactLocation.uri).toBe("migrations/002_bad.sql");
      expect(r.locations[0]!.physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
      expect(Object.values(r.partialFingerprints)[0]).toMatch(/^[0-9a-f]{64}$/);
    }
    // Nothing relevant staged: still a valid, empty log.
    repo.git("reset", "-q");
    const clean = JSON.parse(repo.mighook(["check", "--staged", "--format", "sarif"]).stdout) as SarifLog;
    expect(clean.runs[0]!.results).toEqual([]);
  });

  it("stays machine-readable on exit 2", () => {
    const repo = new Repo();
    repo.write("mighook.config.json", "{ broken").commitAll("baseline");
    const result = repo.mighook(["check", "--format", "sarif"]);
    expect(result.code).toBe(2);
    const log = JSON.parse(result.stdout) as SarifLog;
    expect(log.runs[0]!.invocations[0]!.executionSuccessful).toBe(false);
    expect(log.runs[0]!.invocations[0]!.toolExecutionNotifications![0]!.message.text).toContain("not valid JSON");
    const file = join(tempDir(), "report.sarif");
    const toFile = repo.mighook(["check", "--format", "sarif", "--output-file", file]);
    expect(toFile.code).toBe(2);
    expect((JSON.parse(readFileSync(file, "utf8")) as SarifLog).runs[0]!.invocations[0]!.executionSuccessful).toBe(false);
    const usage = repo.mighook(["check", "--format", "gitlab", "--output-file", file, "--bogus"]);
    expect(usage.code).toBe(2);
    expect(readFileSync(file, "utf8")).toBe("[]\n");
  });

  it("--output-file writes the report there, and a person still sees the findings", () => {
    const repo = repoWithFinding();
    const file = join(tempDir(), "gl-code-quality.json");
    const result = repo.mighook(["check", "--staged", "--format", "gitlab", "--output-file", file]);
    expect(result.code).toBe(1);
    const issues = JSON.parse(readFileSync(file, "utf8")) as Array<{ check_name: string }>;
    expect(issues.length).toBeGreaterThan(0);
    expect(result.stdout).toContain("migrations/002_bad.sql");
    expect(result.stdout).not.toContain("check_name");
    const quiet = repo.mighook(["check", "--staged", "--format", "json", "--output-file", file, "--quiet"]);
    expect(quiet.stdout).toContain("002_bad.sql"); // errors still show
    const human = join(tempDir(), "report.txt");
    repo.mighook(["check", "--staged", "--output-file", human]);
    expect(readFileSync(human, "utf8")).toContain("002_bad.sql");
    expect(readFileSync(human, "utf8")).not.toContain("\u001b[");
    const nowhere = repo.mighook(["check", "--staged", "--output-file", join(tempDir(), "no", "such", "dir", "r.json")]);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain("could not write it (ENOENT)");
  });

  it("--quiet prints nothing for a clean run or a run with warnings only; a machine format stays whole", () => {
    const repo = new Repo();
    repo.write("mighook.config.json", JSON.stringify({ sets: [{ dir: "migrations" }, { dir: "typo" }] }));
    repo.write("migrations/001_init.sql", migrationSql("init")).commitAll("baseline");
    const loud = repo.mighook(["check"]);
    expect(loud.code).toBe(0);
    expect(loud.stdout).toContain("empty-set");
    const quiet = repo.mighook(["check", "--quiet"]);
    expect(quiet).toMatchObject({ code: 0, stdout: "" });
    const json = JSON.parse(repo.mighook(["check", "--quiet", "--format", "json"]).stdout) as { findings: Array<{ rule: string }> };
    expect(json.findings.map((f) => f.rule)).toEqual(["empty-set"]);
  });
});
