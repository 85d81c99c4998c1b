import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { diffLines } from "../src/model/line-diff.js";
import { isArchiveFolder } from "../src/init/detect.js";
import { json, migrationSql } from "./helpers/incident.js";
import { Repo, type RunResult } from "./helpers/repo.js";

// Issue 10, items 2-7: verdicts the replay of a real history found wrong.
const output = (r: RunResult) => r.stdout + r.stderr;
const findings = (r: RunResult) => json(r.stdout).findings;
const rulesOf = (r: RunResult) => findings(r).map((f) => `${f.rule} ${f.file}`);
const goList = (files: string[], name = "migrations", extra = "") =>
  `package suite\n\nfunc apply() {\n${extra}\t${name} := []string{\n${files.map((f) => `\t\t"${f}",\n`).join("")}\t}\n\t_ = ${name}\n}\n`;
const M = ["001_a.sql", "002_b.sql", "003_c.sql", "004_d.sql"];

/** migrations/ with M, full_test.go configured and listing them all, committed. */
function configured(): Repo {
  const repo = new Repo();
  for (const f of M) repo.write(`migrations/${f}`, migrationSql(f.slice(4, -4)));
  repo.write("full_test.go", goList(M));
  repo.write("mighook.config.json", JSON.stringify({ sets: [{ dir: "migrations", suites: [{ file: "full_test.go" }] }] }, null, 2));
  return repo.commitAll("baseline");
}

describe("unconfigured-list (item 2)", () => {
  it("warns about a new suite file whose list names the set's migrations, with the config entry to add", () => {
    const repo = configured();
    repo.write("it/new_test.go", goList(["001_a.sql", "002_b.sql", "004_d.sql"])).git("add", "-A");
    const result = repo.mighook(["check", "--staged", "--format", "json"]);
    expect(result.code, output(result)).toBe(0); // a warning: it does not block
    const [finding] = findings(result);
    expect(finding).toMatchObject({ rule: "unconfigured-list", severity: "warning", file: "it/new_test.go", line: 4 });
    expect(finding!.message).toContain('leaves out 1 of them ("003_c.sql")');
    expect(finding!.hint).toContain('add {"file":"it/new_test.go","list":"migrations"} to "suites" of set "migrations" in mighook.config.json (sets[0].suites)');
    // The same in the working tree and for the commit.
    expect(rulesOf(repo.mighook(["check", "--format", "json"]))).toEqual(["unconfigured-list it/new_test.go"]);
    repo.git("commit", "-q", "--no-verify", "-m", "new suite");
    expect(rulesOf(repo.mighook(["check", "--tree", "HEAD", "--format", "json"]))).toEqual(["unconfigured-list it/new_test.go"]);
  });

  it("counts entries, not coverage: a list naming 2 of 4 migrations is found; one whose entries are mostly other files is not", () => {
    const repo = configured();
    repo.write("a_test.go", goList(["001_a.sql", "002_b.sql"], "short"));
    repo.write("b_test.go", goList(["001_a.sql", "fixtures/x.sql", "fixtures/y.sql"], "fixtures"));
    repo.write("c_test.go", goList(["001_a.sql"], "one"));
    repo.git("add", "-A");
    expect(rulesOf(repo.mighook(["check", "--staged", "--format", "json"]))).toEqual(["unconfigured-list a_test.go"]);
  });

  it("looks only at lists whose changed lines name a migration file, in changed Go files", () => {
    const repo = configured();
    repo.write("old_test.go", goList(["001_a.sql", "002_b.sql"], "old")).commitAll("an old list, before mighook");
    // An edit elsewhere in the file leaves the list alone: nothing to say.
    repo.write("old_test.go", goList(["001_a.sql", "002_b.sql"], "old", "\tprintln(1)\n")).git("add", "-A");
    const elsewhere = repo.mighook(["check", "--staged", "--format", "json"]);
    expect(findings(elsewhere)).toEqual([]);
    // Removing an entry from it is a change to the list: found.
    repo.write("old_test.go", goList(["001_a.sql", "002_b.sql", "003_c.sql"], "old")).commitAll("grows");
    repo.write("old_test.go", goList(["001_a.sql", "003_c.sql"], "old")).git("add", "-A");
    expect(rulesOf(repo.mighook(["check", "--staged", "--format", "json"]))).toEqual(["unconfigured-list old_test.go"]);
    // A configured suite is not reported, and neither is vendored code.
    repo.write("old_test.go", goList(M, "old"));
    repo.write("full_test.go", goList(M.slice(0, 3))).write("vendor/x/x_test.go", goList(M)).git("add", "-A");
    expect(rulesOf(repo.mighook(["check", "--staged", "--format", "json"]))).toEqual([
      "unconfigured-list old_test.go",
      "missing-from-suite full_test.go",
    ].sort());
  });

  it("agrees with the hook's shell pre-check through real commits: Node runs exactly when a list line naming a migration changes", () => {
    const repo = configured();
    expect(repo.mighook(["install"]).code).toBe(0);
    const shim = mkdtempSync(join(tmpdir(), "mighook-shim-"));
    const log = join(shim, "calls");
    writeFileSync(join(shim, "node"), `#!/bin/sh\necho x >> '${log}'\nexec '${process.execPath}' "$@"\n`);
    chmodSync(join(shim, "node"), 0o755);
    const commit = (message: string) => {
      rmSync(log, { force: true });
      const result = repo.tryGit(["commit", "-q", "-m", message], { PATH: `${shim}:${inject("mighookBinDir")}:${process.env.PATH}` });
      return { ...result, node: existsSync(log) };
    };
    try {
      // A new list: the pre-check sends it to mighook, which warns and lets it through.
      repo.write("it/new_test.go", goList(["001_a.sql", "002_b.sql"])).git("add", "-A");
      const added = commit("a new list");
      expect(added.code, output(added)).toBe(0);
      expect(added.node).toBe(true);
      expect(output(added)).toContain("unconfigured-list");
      // A comment inside that list, no migration named: neither the pre-check nor mighook looks.
      repo.write("it/new_test.go", goList(["001_a.sql", "002_b.sql"]).replace('\t\t"002_b.sql",', '\t\t// applied in this order\n\t\t"002_b.sql",')).git("add", "-A");
      expect(findings(repo.mighook(["check", "--staged", "--format", "json"]))).toEqual([]);
      const comment = commit("a comment");
      expect(comment.code, output(comment)).toBe(0);
      expect(comment.node).toBe(false);
    } finally {
      rmSync(shim, { recursive: true, force: true });
    }
  });

  it("diffs lines as git does: adds by new line, removes by their place", () => {
    expect(diffLines(["a", "b", "c"], ["a", "x", "c"])).toEqual({ added: [2], removed: [{ after: 1, text: "b" }] });
    expect(diffLines(["a", "b"], ["a", "b", "c"])).toEqual({ added: [3], removed: [] });
    expect(diffLines(["a", "b", "c", "d"], ["a", "d"])).toEqual({ added: [], removed: [{ after: 1, text: "b" }, { after: 1, text: "c" }] });
    expect(diffLines([], ["a"])).toEqual({ added: [1], removed: [] });
  });

});

describe("a suite deleted on purpose (item 3)", () => {
  it("gives one finding, on the config entry, whose hint is the exact edit", () => {
    const repo = configured();
    const config = JSON.parse(repo.read("mighook.config.json"));
    config.sets[0].suites.push({ file: "it/smoke_test.go", skip: { "002_b.sql": "not needed" } });
    repo.write("mighook.config.json", JSON.stringify(config, null, 2)).write("it/smoke_test.go", goList(["001_a.sql", "003_c.sql", "004_d.sql"]));
    repo.commitAll("smoke suite");
    repo.git("rm", "-q", "it/smoke_test.go");
    const result = repo.mighook(["check", "--staged", "--format", "json"]);
    expect(result.code).toBe(1);
    expect(findings(result)).toHaveLength(1);
    const [finding] = findings(result);
    expect(finding).toMatchObject({ rule: "suite-unreadable", file: "mighook.config.json", line: 10 });
    expect(finding!.message).toBe("sets[0].suites[1] names the suite it/smoke_test.go (list `migrations`), which the index deletes");
    expect(finding!.hint).toContain(
      'remove this entry from "suites" of set "migrations" in mighook.config.json: {"file":"it/smoke_test.go","list":"migrations","skip":{"002_b.sql":"not needed"}} (the set\'s "suites" then reads [{"file":"full_test.go","list":"migrations"}])',
    );
    // Doing what it says passes.
    config.sets[0].suites.pop();
    repo.write("mighook.config.json", JSON.stringify(config, null, 2)).git("add", "-A");
    expect(repo.mighook(["check", "--staged"]).code).toBe(0);
  });
});

describe("merge messages blame what the merge brings (item 4)", () => {
  it("a duplicate the first parent already had is not 'this merge brings both sides together'", () => {
    const repo = configured();
    repo.write("migrations/004_e.sql", migrationSql("e")).write("full_test.go", goList([...M, "004_e.sql"])).commitAll("a duplicate, committed past the hook");
    repo.git("checkout", "-q", "-b", "feature");
    repo.write("migrations/005_f.sql", migrationSql("f")).write("other.txt", "x").commitAll("feature");
    repo.git("checkout", "-q", "main");
    repo.write("notes.txt", "y").commitAll("main moves");
    repo.git("merge", "-q", "--no-edit", "--no-ff", "feature");
    const result = repo.mighook(["check", "--tree", "HEAD", "--format", "json"]);
    const dup = findings(result).find((f) => f.rule === "duplicate-version")!;
    expect(dup.message).not.toContain("this merge brings both sides together");
    expect(dup.message).toContain("version 4 is also used by");
  });

  it("a merge that does join two sides still says so", () => {
    const repo = configured();
    repo.git("checkout", "-q", "-b", "feature");
    repo.write("migrations/005_f.sql", migrationSql("f")).write("full_test.go", goList([...M, "005_f.sql"])).commitAll("feature 005");
    repo.git("checkout", "-q", "main");
    repo.write("migrations/005_g.sql", migrationSql("g")).write("full_test.go", goList([...M, "005_g.sql"])).commitAll("main 005");
    repo.tryGit(["merge", "-q", "--no-edit", "feature"]);
    repo.write("full_test.go", goList([...M, "005_f.sql", "005_g.sql"])).git("add", "-A");
    repo.git("commit", "-q", "--no-verify", "--no-edit");
    const dup = findings(repo.mighook(["check", "--tree", "HEAD", "--format", "json"])).find((f) => f.rule === "duplicate-version")!;
    expect(dup.message).toContain("this merge brings both sides together");
  });
});

describe("--base pairs renames within a set (item 5) and removed-applied wants a version (item 6)", () => {
  it("renumbering in a folder and its copy pairs each rename in its own folder", () => {
    const repo = new Repo();
    for (const dir of ["migrations", "migrations_v2"]) for (const f of M) repo.write(`${dir}/${f}`, migrationSql(f.slice(4, -4)));
    repo.write("mighook.config.json", JSON.stringify({ sets: [{ dir: "migrations" }, { dir: "migrations_v2" }] })).commitAll("two copies");
    repo.git("checkout", "-q", "-b", "feature");
    for (const dir of ["migrations", "migrations_v2"]) repo.git("mv", `${dir}/004_d.sql`, `${dir}/005_d.sql`);
    repo.git("commit", "-q", "--no-verify", "-m", "renumber both");
    const result = repo.mighook(["check", "--base", "main", "--format", "json"]);
    const removed = findings(result).filter((f) => f.rule === "removed-applied");
    expect(removed.map((f) => [f.file, f.message])).toEqual([
      ["migrations/004_d.sql", "this migration is on main but renamed here to migrations/005_d.sql; databases have applied it under its old name"],
      ["migrations_v2/004_d.sql", "this migration is on main but renamed here to migrations_v2/005_d.sql; databases have applied it under its old name"],
    ]);
  });

  it("moving a file goose never applied (no version) out of the folder is no removed migration", () => {
    const repo = configured();
    repo.write("migrations/seed_test_data.sql", "INSERT INTO a VALUES (1);\n").commitAll("seed data, in the wrong place");
    repo.git("checkout", "-q", "-b", "feature");
    repo.write("testdata/README", "fixtures\n").git("add", "testdata");
    repo.git("mv", "migrations/seed_test_data.sql", "testdata/seed_test_data.sql");
    repo.git("commit", "-q", "--no-verify", "-m", "move it out, as invalid-filename says");
    const result = repo.mighook(["check", "--base", "main", "--format", "json"]);
    expect(result.code, output(result)).toBe(0);
    expect(findings(result)).toEqual([]);
  });
});

describe("init (item 7)", () => {
  const initConfig = (repo: Repo) => JSON.parse(repo.read("mighook.config.json"));

  it("leaves archive folders and golang-migrate folders alone, and says why", () => {
    const repo = new Repo();
    for (const f of M) repo.write(`db/migrations/${f}`, migrationSql(f.slice(4, -4)));
    for (const f of ["001_old.sql", "002_older.sql"]) repo.write(`db/migrations/v0-archived/${f}`, migrationSql("x"));
    for (const f of ["001_users.up.sql", "001_users.down.sql", "002_posts.up.sql", "002_posts.down.sql"]) repo.write(`other/migrations/${f}`, "SELECT 1;\n");
    repo.commitAll("folders");
    const result = repo.mighook(["init"]);
    expect(result.code, output(result)).toBe(0);
    expect(initConfig(repo).sets.map((s: { dir: string }) => s.dir)).toEqual(["db/migrations"]);
    expect(result.stdout).toContain("not used: db/migrations/v0-archived/, an archive by its name");
    expect(result.stdout).toContain("not used: other/migrations/ holds golang-migrate's");
    expect(["migrations/v0-archived", "old", "legacy_migrations", "db/backup", "archive/v1"].every(isArchiveFolder)).toBe(true);
    expect(["migrations", "golden/migrations", "legacy-billing/migrations", "db/bold"].some(isArchiveFolder)).toBe(false);
  });

  it("adopts a drifting list that names fewer than half of the migrations", () => {
    const repo = new Repo();
    const all = Array.from({ length: 10 }, (_, i) => `${String(i + 1).padStart(3, "0")}_m${i + 1}.sql`);
    for (const f of all) repo.write(`migrations/${f}`, migrationSql("x"));
    repo.write("suite_test.go", goList(all.slice(0, 3))).commitAll("drifted");
    const result = repo.mighook(["init"]);
    expect(result.code, output(result)).toBe(0);
    expect(initConfig(repo).sets[0].suites).toEqual([{ file: "suite_test.go", list: "migrations" }]);
    // and the list stays checked: a new migration it lacks is caught
    repo.commitAll("config");
    repo.write("migrations/011_new.sql", migrationSql("n")).git("add", "-A");
    expect(rulesOf(repo.mighook(["check", "--staged", "--format", "json"]))).toEqual(["missing-from-suite suite_test.go"]);
  });

  it("sees a folder of goose Go migrations", () => {
    const repo = new Repo();
    const goMigration = (name: string) =>
      `package migrations\n\nimport "github.com/pressly/goose/v3"\n\nfunc init() {\n\tgoose.AddMigrationContext(up${name}, down${name})\n}\n`;
    repo.write("internal/migrations/00001_users.go", goMigration("Users")).write("internal/migrations/00002_posts.go", goMigration("Posts"));
    repo.write("internal/helpers/00001_not_a_migration.go", "package helpers\n").commitAll("go migrations");
    const result = repo.mighook(["init"]);
    expect(result.code, output(result)).toBe(0);
    expect(initConfig(repo).sets.map((s: { dir: string }) => s.dir)).toEqual(["internal/migrations"]);
  });

  it("says to stage the config before check --staged, which reads it from the index", () => {
    const repo = new Repo();
    for (const f of M) repo.write(`migrations/${f}`, migrationSql(f.slice(4, -4)));
    repo.write("suite_test.go", goList(M.slice(0, 3))).commitAll("x");
    repo.write("migrations/005_e.sql", migrationSql("e")).git("add", "-A");
    const result = repo.mighook(["init"]);
    expect(result.stdout).toContain("run `mighook check` to see them (`check --staged` reads the config from the index: `git add mighook.config.json` first)");
    expect(repo.mighook(["check"]).code).toBe(1);
  });
});
