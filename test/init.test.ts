import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { guess, listsIn, SKIP_REASON, specialVersions } from "../src/init/detect.js";
import { incidentRepo, listedWith, migrationSql, SUITE, suiteListing } from "./helpers/incident.js";
import { Repo, type RunResult } from "./helpers/repo.js";

const PROJECT = resolve(import.meta.dirname, "..");
const SECOND_021 = "migrations/021_add_status_reason_column.sql";
const output = (result: RunResult) => result.stdout + result.stderr;
const config = (repo: Repo) => JSON.parse(repo.read("mighook.config.json"));
const rules = (result: RunResult) => (JSON.parse(result.stdout).findings as Array<{ rule: string }>).map((f) => f.rule).sort();

describe("mighook init on the incident's repository", () => {
  it("finds the folder, both lists, the 1000_ special and the skipped 014: HEAD passes, the incident's mistake is caught", () => {
    const repo = incidentRepo({ config: false });
    const result = repo.mighook(["init"]);
    expect(result.code, output(result)).toBe(0);
    expect(config(repo)).toEqual({
      $schema: expect.any(String),
      sets: [
        {
          dir: "migrations",
          special: ["1000_*.sql"],
          skip: { "014_create_audit_events_partitions.sql": SKIP_REASON },
          suites: [{ file: SUITE, list: "migrations" }],
        },
      ],
    });
    expect(result.stdout).toContain("014_create_audit_events_partitions.sql");
    expect(result.stdout).toContain("1000_create_audit_events_partitions.sql");
    expect(result.stdout).toContain("(2 lists)");
    expect(result.stdout).toContain("passes");

    repo.commitAll("mighook config");
    const head = repo.mighook(["check", "--tree", "HEAD"]);
    expect(head.code, output(head)).toBe(0);

    repo.write(SECOND_021, migrationSql("add_status_reason_column")).git("add", "-A");
    const mistake = repo.mighook(["check", "--staged", "--format", "json"]);
    expect(mistake.code).toBe(1);
    expect(rules(mistake)).toEqual(["duplicate-version", "missing-from-suite", "missing-from-suite"]);
  });

  it("reads the index, not the working tree", () => {
    const repo = incidentRepo({ config: false });
    repo.write("scratch/001_a.sql", migrationSql("a")).write("scratch/002_b.sql", migrationSql("b")); // untracked
    repo.write("db/001_a.sql", migrationSql("a")).write("db/002_b.sql", migrationSql("b")).git("add", "db");
    expect(repo.mighook(["init"]).code).toBe(0);
    expect(config(repo).sets.map((s: { dir: string }) => s.dir)).toEqual(["db", "migrations"]);
    expect(config(repo).sets[0]).toEqual({ dir: "db", suites: [] });
  });

  it("refuses to overwrite a config without --force (exit 1), and replaces it with --force", () => {
    const repo = incidentRepo(); // holds the hand-written config
    const before = repo.read("mighook.config.json");
    const refused = repo.mighook(["init"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("already holds");
    expect(refused.stderr).toContain("--force");
    expect(repo.read("mighook.config.json")).toBe(before);

    const forced = repo.mighook(["init", "--force"]);
    expect(forced.code, output(forced)).toBe(0);
    expect(config(repo).sets[0].skip).toEqual({ "014_create_audit_events_partitions.sql": SKIP_REASON });

    const pkg = new Repo().write("package.json", JSON.stringify({ name: "x", mighook: { sets: [{ dir: "migrations" }] } }));
    expect(pkg.mighook(["init"]).code).toBe(1);
  });

  it("writes its best guess without asking when there is little to go on", () => {
    const empty = new Repo().write("main.go", "package main\n").commitAll();
    const result = empty.mighook(["init"]);
    expect(result.code, output(result)).toBe(0);
    expect(config(empty).sets).toEqual([{ dir: "migrations" }]);
    expect(result.stdout).toContain("no folder of NNN_name.sql");
  });

  it("skips what a list leaves out and reports a list that names a file the folder lacks", () => {
    const repo = incidentRepo({ config: false });
    repo.write(SUITE, suiteListing([...listedWith("099_gone.sql")].filter((f) => f !== "003_create_workflow_table.sql"))).commitAll("drift");
    const result = repo.mighook(["init"]);
    expect(result.code, output(result)).toBe(0);
    expect(Object.keys(config(repo).sets[0].skip).sort()).toEqual(["003_create_workflow_table.sql", "014_create_audit_events_partitions.sql"]);
    expect(result.stdout).toContain("099_gone.sql");
    expect(result.stdout).toMatch(/the check finds \d+ problem.*run `mighook check` to see them/);
  });

  it("leaves out an intent-to-add migration (git add -N), which the commit does not record", () => {
    const repo = incidentRepo({ config: false });
    repo.write("migrations/022_draft.sql", "").git("add", "-N", "migrations/022_draft.sql");
    const result = repo.mighook(["init"]);
    expect(result.code, output(result)).toBe(0);
    expect(Object.keys(config(repo).sets[0].skip)).toEqual(["014_create_audit_events_partitions.sql"]);
    repo.git("add", "mighook.config.json");
    const check = repo.mighook(["check", "--staged"]);
    expect(check.code, output(check)).toBe(0);
  });

  it("tells the truth about a migration staged but in no list: not skipped, and the check finds it", () => {
    const repo = incidentRepo({ config: false });
    repo.write(SECOND_021, "CREATE TABLE x (id int);\n").git("add", "-A");
    const result = repo.mighook(["init"]);
    expect(result.code, output(result)).toBe(0);
    expect(Object.keys(config(repo).sets[0].skip)).toEqual(["014_create_audit_events_partitions.sql"]);
    expect(result.stdout).toContain("staged but in no list");
    expect(result.stdout).toMatch(/the check finds \d+ problems/);
    expect(repo.mighook(["check", "--staged"]).code).toBe(1);
  });
});

describe("mighook init --ci github", () => {
  type Workflow = { on: { pull_request: { paths: string[] } }; jobs: { check: { steps: Array<{ uses?: string; run?: string; with?: Record<string, unknown> }> } } };
  const workflow = (repo: Repo) => parse(repo.read(".github/workflows/mighook.yml")) as Workflow;
  const CHECK = 'mighook check --base "$base" --format github';

  it("a Go service: installs mighook globally on the runner, runs on the relevant paths with full history", () => {
    const repo = incidentRepo({ config: false });
    const result = repo.mighook(["init", "--ci", "github"]);
    expect(result.code, output(result)).toBe(0);
    expect(config(repo).sets[0].dir).toBe("migrations"); // no config yet: written too
    const flow = workflow(repo);
    expect(flow.on.pull_request.paths).toEqual(["migrations/**", SUITE, "mighook.config.json", ".github/workflows/mighook.yml"]);
    const steps = flow.jobs.check.steps;
    expect(steps[0]).toEqual({ uses: "actions/checkout@v6", with: { "fetch-depth": 0 } });
    expect(steps.map((s) => s.run).filter(Boolean)).toEqual([expect.stringMatching(/^npm install --global mighook@\d+\.\d+\.\d+$/), expect.stringContaining(CHECK)]);

    const again = repo.mighook(["init", "--ci", "github"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("--force");
    expect(repo.mighook(["init", "--ci", "github", "--force"]).code).toBe(0);
  });

  it("a Node project with mighook as a devDependency: npm ci, then npx; an existing config is kept", () => {
    const repo = incidentRepo();
    repo.write("package.json", JSON.stringify({ devDependencies: { mighook: "^0.1.0" } })).write("package-lock.json", "{}\n").commitAll("node");
    const before = repo.read("mighook.config.json");
    expect(repo.mighook(["init", "--ci", "github"]).code).toBe(0);
    expect(repo.read("mighook.config.json")).toBe(before);
    const runs = workflow(repo).jobs.check.steps.map((s) => s.run).filter(Boolean);
    expect(runs).toEqual(["npm ci", expect.stringContaining(`npx ${CHECK}`)]);
  });

  it("rejects another CI name as a usage error", () => {
    const result = new Repo().mighook(["init", "--ci", "jenkins"]);
    expect(result.code).toBe(2);
  });
});

describe("the pre-commit framework manifest and the GitHub action", () => {
  it(".pre-commit-hooks.yaml offers the hook by repository URL", () => {
    const hooks = parse(readFileSync(join(PROJECT, ".pre-commit-hooks.yaml"), "utf8"));
    expect(hooks).toEqual([
      expect.objectContaining({ id: "mighook", entry: "mighook-staged", language: "node", pass_filenames: false, always_run: true }),
    ]);
  });

  it("action.yml is a composite action that installs a pinned mighook and checks against the base branch", () => {
    const action = parse(readFileSync(join(PROJECT, "action.yml"), "utf8"));
    expect(action.runs.using).toBe("composite");
    expect(action.inputs.base.default).toBe("${{ github.base_ref }}");
    const script = action.runs.steps.map((s: { run: string }) => s.run).join("\n");
    expect(script).toContain('npm install --global --no-audit --no-fund "mighook@${version}"');
    expect(script).toContain('mighook check --base "$base" --format github');
    expect(script).not.toMatch(/npx/);
  });
});

describe("init's guesses", () => {
  it("marks only numbers far above the rest as special", () => {
    expect([...specialVersions([1n, 2n, 3n, 21n, 1000n])]).toEqual([1000n]);
    expect([...specialVersions([1n, 2n, 3n, 1000n, 1001n])]).toEqual([1000n, 1001n]);
    expect([...specialVersions([1n, 2n, 3n, 50n])]).toEqual([]);
    expect([...specialVersions([20240101120000n, 20240102120000n, 20250101120000n])]).toEqual([]);
    expect([...specialVersions([1n, 1000n])]).toEqual([]); // too little to tell
  });

  it("finds the names of []string literals, whatever the declaration form", () => {
    const go = `package x
var (
	applied = []string{"001_a.sql"}
)
var pinned []string = []string{"001_a.sql"}
func f() {
	migrations := []string{"001_a.sql", "002_b.sql"}
	// notAList := []string{"x"}
	s := "files := []string{"
	other := []int{1}
}`;
    expect(listsIn("x.go", go).map((list) => list.name).sort()).toEqual(["applied", "migrations", "pinned"]);
  });

  it("ignores a list that names only a few of a folder's files", () => {
    const paths = ["db/001_a.sql", "db/002_b.sql", "db/003_c.sql", "db/004_d.sql", "x_test.go"];
    const found = guess(paths, new Map([["x_test.go", 'package x\nvar fixtures = []string{"001_a.sql", "other.txt", "more.txt"}\n']]));
    expect(found.sets[0]!.suites).toEqual([]);
    expect(found.ignored).toHaveLength(1);
  });

  const files = (dir: string, names: string[]) => names.map((name) => `${dir}/${name}`);
  const goList = (name: string, values: string[]) => `\t${name} := []string{${values.map((v) => JSON.stringify(v)).join(", ")}}\n`;

  it("gives a list to the folder its entries' paths point at when two folders hold the same names", () => {
    const names = ["001_init.sql", "002_users.sql", "003_more.sql"];
    const paths = [...files("services/auth/migrations", names), ...files("services/billing/migrations", [...names, "004_invoices.sql"])];
    const go = `package billing\nfunc f() {\n${goList("migrations", names.map((n) => `../../services/billing/migrations/${n}`))}}\n`;
    const found = guess(paths, new Map([["test/billing/s_test.go", go]]));
    const billing = found.sets.find((set) => set.dir === "services/billing/migrations")!;
    expect(billing.suites).toEqual([{ file: "test/billing/s_test.go", list: "migrations", lists: 1, skip: {} }]);
    expect(found.sets.find((set) => set.dir === "services/auth/migrations")!.suites).toEqual([]);
  });

  it("leaves out same-named lists of one file that name different folders, and says so", () => {
    const paths = [...files("auth/migrations", ["001_a.sql", "002_b.sql"]), ...files("billing/migrations", ["001_x.sql", "002_y.sql", "003_z.sql"])];
    const go = `package it\nfunc TestAuth() {\n${goList("migrations", ["001_a.sql", "002_b.sql"])}}\nfunc TestBilling() {\n${goList("migrations", ["001_x.sql", "002_y.sql", "003_z.sql"])}}\n`;
    const found = guess(paths, new Map([["it/suite_test.go", go]]));
    expect(found.sets.map((set) => set.suites)).toEqual([[], []]);
    expect(found.ambiguous).toEqual([{ file: "it/suite_test.go", name: "migrations", dirs: ["auth/migrations", "billing/migrations"] }]);

    // A full list beside a short one of the same name: the suite would hold both to the folder.
    const short = `package it\nfunc TestAll() {\n${goList("migrations", ["001_x.sql", "002_y.sql", "003_z.sql"])}}\nfunc TestOne() {\n${goList("migrations", ["001_x.sql"])}}\n`;
    const mixed = guess(files("billing/migrations", ["001_x.sql", "002_y.sql", "003_z.sql"]), new Map([["it/suite_test.go", short]]));
    expect(mixed.sets[0]!.suites).toEqual([]);
    expect(mixed.ambiguous).toEqual([{ file: "it/suite_test.go", name: "migrations", dirs: ["billing/migrations"] }]);
    expect(mixed.ignored).toEqual([]);
  });

  it("takes no goose timestamp among sequential versions for a special (goose's hybrid mode)", () => {
    const paths = ["db/00001_a.sql", "db/00002_b.sql", "db/00003_c.sql", "db/00004_d.sql", "db/20240101120000_e.sql"];
    expect(guess(paths, new Map()).sets[0]!.special).toEqual([]);
  });

  it("takes a project's first migration as its folder, when no folder holds more", () => {
    expect(guess(["db/migrations/001_init.sql", "README.md"], new Map()).sets.map((set) => set.dir)).toEqual(["db/migrations"]);
    expect(guess(["db/migrations/001_init.sql", "sql/001_a.sql", "sql/002_b.sql"], new Map()).sets.map((set) => set.dir)).toEqual(["sql"]);
    const lone = guess(["db/migrations/001_init.sql", "scripts/01_seed.sql"], new Map()); // two lone files: neither is sure
    expect(lone.sets).toEqual([]);
    expect(lone.lone).toEqual(["db/migrations/001_init.sql", "scripts/01_seed.sql"]);
  });

  it("takes no folder or list from vendor/ or testdata/, and skips no staged migration", () => {
    const paths = [...files("migrations", ["001_init.sql", "002_users.sql", "003_orders.sql"]), ...files("internal/parser/testdata/dup", ["001_one.sql", "001_two.sql"])];
    const vendored = `package auth\nvar migrations = []string{"migrations/001_init.sql", "migrations/002_users.sql"}\n`;
    const found = guess(paths, new Map([["vendor/github.com/acme/auth/auth.go", vendored]]));
    expect(found.sets.map((set) => set.dir)).toEqual(["migrations"]);
    expect(found.sets[0]!.suites).toEqual([]);

    const ours = `package s\nvar migrations = []string{"001_init.sql", "002_users.sql"}\n`;
    const staged = guess(paths, new Map([["s_test.go", ours]]), new Set(["migrations/003_orders.sql"]));
    expect(staged.sets[0]!.skip).toEqual({});
    expect(staged.sets[0]!.unlisted).toEqual(["003_orders.sql"]);
  });
});
