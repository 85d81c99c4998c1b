import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateAction, validateWorkflow } from "@action-validator/core";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { migrationSql } from "./helpers/incident.js";
import { gitEnv, Repo } from "./helpers/repo.js";

// The CI files `mighook init --ci github|gitlab` writes: valid (GitHub's
// workflow schema, checked offline by action-validator; GitLab's job checked
// for the keys and types GitLab reads), and their base-picking scripts run for
// real, in a clone of an "upstream" repository, for every event they handle.

const PROJECT = join(import.meta.dirname, "..");
const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const CONFIG = JSON.stringify({ sets: [{ dir: "migrations" }] });

/**
 * An upstream with main at two listed migrations, and a clone (as CI checks
 * out) on a branch `feature` that adds `branch` migration files on top.
 */
function cloneWithBranch(branch: Record<string, string>): { upstream: Repo; clone: Repo; mainTip: string } {
  const upstream = new Repo();
  upstream.write("mighook.config.json", CONFIG).write("migrations/001_a.sql", migrationSql("a")).write("migrations/002_b.sql", migrationSql("b"));
  upstream.commitAll("main");
  const mainTip = upstream.git("rev-parse", "HEAD").trim();
  const dir = join(mkdtempSync(join(tmpdir(), "mighook-ci-")), "clone");
  scratch.push(join(dir, ".."));
  upstream.git("clone", "-q", upstream.dir, dir);
  const clone = new Repo(dir);
  clone.git("checkout", "-q", "-b", "feature");
  for (const [path, text] of Object.entries(branch)) clone.write(path, text);
  clone.commitAll("feature");
  return { upstream, clone, mainTip };
}

/** Runs a CI script the way the runner does (bash -e), with the packed mighook on PATH. */
function runScript(repo: Repo, script: string, env: Record<string, string>) {
  const result = spawnSync("bash", ["-e", "-c", script], { cwd: repo.dir, env: gitEnv(env), encoding: "utf8" });
  return { code: result.status ?? -1, out: result.stdout + result.stderr };
}

type Step = { uses?: string; run?: string; env?: Record<string, string>; with?: Record<string, unknown> };
type Workflow = { on: Record<string, unknown>; jobs: { check: { steps: Step[] } } };

describe("init --ci github", () => {
  const written = () => {
    const repo = new Repo();
    repo.write("mighook.config.json", CONFIG).write("migrations/001_a.sql", migrationSql("a")).commitAll("baseline");
    expect(repo.mighook(["init", "--ci", "github"]).code).toBe(0);
    return repo.read(".github/workflows/mighook.yml");
  };

  it("is a valid workflow for GitHub's schema, with current actions and a Node GitHub still runs", () => {
    const text = written();
    const state = validateWorkflow(text);
    expect(state.errors).toEqual([]);
    const flow = parse(text) as Workflow;
    expect(Object.keys(flow.on).sort()).toEqual(["merge_group", "pull_request", "push"]);
    const uses = flow.jobs.check.steps.flatMap((s) => s.uses ?? []);
    expect(uses).toEqual(["actions/checkout@v6", "actions/setup-node@v6"]);
    expect(flow.jobs.check.steps[1]!.with!["node-version"]).toBe(24);
    // The action this repository ships is valid too.
    expect(validateAction(readFileSync(join(PROJECT, "action.yml"), "utf8")).errors).toEqual([]);
    // No workflow splices an event value into its shell: values arrive through env.
    for (const step of flow.jobs.check.steps) expect(step.run ?? "").not.toContain("${{");
  });

  it("picks the base for pull_request, push (before, new branch, force push) and merge_group", () => {
    const flow = parse(written()) as Workflow;
    const step = flow.jobs.check.steps.find((s) => s.run?.includes("mighook check"))!;
    expect(Object.keys(step.env!).sort()).toEqual(["DEFAULT_BRANCH", "EVENT", "PR_BASE", "PUSH_BEFORE", "QUEUE_BASE"]);
    // The branch adds a migration whose version main already took: only --base sees it.
    const { clone, mainTip } = cloneWithBranch({ "migrations/002_other.sql": migrationSql("other") });
    const duplicate = (env: Record<string, string>) => {
      const r = runScript(clone, step.run!, env);
      expect(r.code, r.out).toBe(1);
      expect(r.out).toMatch(/::error file=migrations\/002_other\.sql.*duplicate-version/);
    };
    duplicate({ EVENT: "pull_request", PR_BASE: "main" });
    duplicate({ EVENT: "push", PUSH_BEFORE: mainTip, DEFAULT_BRANCH: "main" });
    duplicate({ EVENT: "push", PUSH_BEFORE: "0".repeat(40), DEFAULT_BRANCH: "main" }); // a new branch
    duplicate({ EVENT: "push", PUSH_BEFORE: "1234567".repeat(5) + "12345", DEFAULT_BRANCH: "main" }); // force-pushed over
    duplicate({ EVENT: "merge_group", QUEUE_BASE: mainTip });
    // Without GITHUB_BASE_REF (a push) the old workflow failed with `unknown revision "origin/"`.
    expect(runScript(clone, step.run!, { EVENT: "push", PUSH_BEFORE: mainTip, DEFAULT_BRANCH: "main" }).out).not.toContain('"origin/"');
    const clean = cloneWithBranch({ "migrations/003_c.sql": migrationSql("c") }).clone;
    expect(runScript(clean, step.run!, { EVENT: "push", PUSH_BEFORE: "0".repeat(40), DEFAULT_BRANCH: "main" }).code).toBe(0);
  });

  it("the shipped action picks the same bases", () => {
    const action = parse(readFileSync(join(PROJECT, "action.yml"), "utf8")) as { runs: { steps: Step[] } };
    const step = action.runs.steps.find((s) => s.run?.includes("mighook check"))!;
    const { clone, mainTip } = cloneWithBranch({ "migrations/002_other.sql": migrationSql("other") });
    const events: Array<Record<string, string>> = [
      { BASE: "main" },
      { BASE: "", EVENT: "push", PUSH_BEFORE: mainTip, DEFAULT_BRANCH: "main" },
      { BASE: "", EVENT: "push", PUSH_BEFORE: "0".repeat(40), DEFAULT_BRANCH: "main" },
      { BASE: "", EVENT: "merge_group", QUEUE_BASE: mainTip },
    ];
    for (const env of events) {
      const r = runScript(clone, step.run!, env);
      expect(r.code, `${JSON.stringify(env)}\n${r.out}`).toBe(1);
      expect(r.out).toContain("duplicate-version");
    }
  });
});

type GitlabJob = {
  stage: string;
  image: string;
  variables: Record<string, string>;
  rules: Array<{ if: string; changes?: string[] }>;
  script: string[];
  artifacts: { when: string; reports: { codequality: string } };
};

/** What GitLab reads of a job: known keys only, of the types its CI schema gives them. */
function checkGitlabJob(job: GitlabJob) {
  const known = new Set(["stage", "image", "variables", "rules", "script", "artifacts", "before_script", "needs", "tags", "cache"]);
  for (const key of Object.keys(job)) expect(known.has(key), `unknown job key ${key}`).toBe(true);
  expect(typeof job.stage).toBe("string");
  expect(job.image).toMatch(/^node:(22|24)$/);
  for (const value of Object.values(job.variables)) expect(typeof value).toBe("string"); // GitLab wants strings
  for (const rule of job.rules) {
    expect(typeof rule.if).toBe("string");
    for (const path of rule.changes ?? []) expect(typeof path).toBe("string");
  }
  expect(job.script.every((line) => typeof line === "string")).toBe(true);
  expect(["always", "on_success", "on_failure"]).toContain(job.artifacts.when);
  expect(typeof job.artifacts.reports.codequality).toBe("string");
}

describe("init --ci gitlab", () => {
  it("writes a job with the full history, a base for merge requests and pushes, and a codequality report", () => {
    const repo = new Repo();
    repo.write("mighook.config.json", CONFIG).write("migrations/001_a.sql", migrationSql("a")).commitAll("baseline");
    const result = repo.mighook(["init", "--ci", "gitlab"]);
    expect(result.code, result.stderr).toBe(0);
    const jobs = parse(repo.read(".gitlab-ci.yml")) as Record<string, GitlabJob>;
    const job = jobs.mighook!;
    checkGitlabJob(job);
    expect(job.variables.GIT_DEPTH).toBe("0");
    expect(job.artifacts.reports.codequality).toBe("gl-code-quality-report.json");
    expect(job.rules[0]!.changes).toEqual(["migrations/**", "mighook.config.json", ".gitlab-ci.yml"]);
    expect(spawnSync("sh", ["-n", "-c", job.script.join("\n")]).status).toBe(0);

    const script = job.script.at(-1)!.replace(/npx mighook/g, "mighook");
    const { clone, mainTip } = cloneWithBranch({ "migrations/002_other.sql": migrationSql("other") });
    const pipelines: Array<Record<string, string>> = [
      { CI_MERGE_REQUEST_DIFF_BASE_SHA: mainTip, CI_DEFAULT_BRANCH: "main" },
      { CI_COMMIT_BEFORE_SHA: mainTip, CI_DEFAULT_BRANCH: "main" },
      { CI_COMMIT_BEFORE_SHA: "0".repeat(40), CI_DEFAULT_BRANCH: "main" },
    ];
    for (const env of pipelines) {
      rmSync(join(clone.dir, "gl-code-quality-report.json"), { force: true });
      const r = runScript(clone, script, env);
      expect(r.code, `${JSON.stringify(env)}\n${r.out}`).toBe(1);
      const report = JSON.parse(readFileSync(join(clone.dir, "gl-code-quality-report.json"), "utf8")) as Array<{ check_name: string }>;
      expect(report.map((issue) => issue.check_name)).toContain("duplicate-version");
    }
  });

  it("leaves an existing .gitlab-ci.yml alone: the job goes beside it, with the include to add", () => {
    const repo = new Repo();
    repo.write("mighook.config.json", CONFIG).write(".gitlab-ci.yml", "test:\n  script: [make test]\n").commitAll("baseline");
    const result = repo.mighook(["init", "--ci", "gitlab"]);
    expect(result.code, result.stderr).toBe(0);
    expect(repo.read(".gitlab-ci.yml")).toBe("test:\n  script: [make test]\n");
    expect(existsSync(join(repo.dir, ".gitlab/ci/mighook.yml"))).toBe(true);
    checkGitlabJob((parse(repo.read(".gitlab/ci/mighook.yml")) as Record<string, GitlabJob>).mighook!);
    expect(result.stdout).toContain("- local: .gitlab/ci/mighook.yml");
    expect(repo.mighook(["init", "--ci", "gitlab"]).code).toBe(1);
    expect(repo.mighook(["init", "--ci", "gitlab", "--force"]).code).toBe(0);
  });
});
