import { describe, expect, it } from "vitest";
import { json, migrationSql } from "./helpers/incident.js";
import { Repo } from "./helpers/repo.js";

// Issue 10: a synthetic history shaped like the real one behind the incident
// (lists that differ, a suite created with its config entry, a suite deleted
// on purpose, merges, a copy of the folder, a misnamed file moved out), made
// of real commits, then judged commit by commit the way the replay did:
// `check --tree` on every commit of main, `check --base main` on every
// commit of the branches. Each commit's expected verdict is written with it.

const goList = (files: string[]) =>
  `package suite\n\nfunc apply() {\n\tmigrations := []string{\n${files.map((f) => `\t\t"${f}",\n`).join("")}\t}\n\t_ = migrations\n}\n`;
const m = (v: number, name: string) => `${String(v).padStart(3, "0")}_${name}.sql`;
const M1 = [m(1, "init"), m(2, "users"), m(3, "backfill"), m(4, "orders")];

interface Step {
  message: string;
  /** "rule file" of each finding `check --tree` gives the commit, sorted */
  expect: string[];
  /** a word the findings' messages or hints must hold */
  says?: string;
  /** a word they must not hold */
  never?: string;
}

function verdict(repo: Repo, args: string[]): { rules: string[]; text: string } {
  const result = repo.mighook([...args, "--format", "json"]);
  expect(result.code === 2 ? result.stderr : "").toBe("");
  const findings = json(result.stdout).findings;
  return { rules: findings.map((f) => `${f.rule} ${f.file}`).sort(), text: findings.map((f) => `${f.message}\n${f.hint}`).join("\n") };
}

describe("replay of a synthetic history, commit by commit", () => {
  it("main: per-list skips from init, a drifting new list, a suite created and one deleted, merges", () => {
    const repo = new Repo();
    const steps: Array<{ sha: string } & Step> = [];
    const commit = (step: Step) => {
      repo.git("add", "-A");
      repo.git("commit", "-q", "--no-verify", "--allow-empty", "-m", step.message);
      steps.push({ sha: repo.git("rev-parse", "HEAD").trim(), ...step });
    };
    const config = () => JSON.parse(repo.read("mighook.config.json"));
    const writeConfig = (c: unknown) => repo.write("mighook.config.json", `${JSON.stringify(c, null, 2)}\n`);

    // 1. Three lists; the e2e one lacks 003 on purpose. init writes the config.
    for (const f of M1) repo.write(`migrations/${f}`, migrationSql(f.slice(4, -4)));
    repo.write("it/a_test.go", goList(M1)).write("it/b_test.go", goList(M1)).write("e2e/c_test.go", goList(M1.filter((f) => f !== m(3, "backfill"))));
    repo.commitAll("before mighook");
    expect(repo.mighook(["init"]).code).toBe(0);
    expect(config().sets[0].skip).toBeUndefined(); // 003 is skipped in e2e/c_test.go only
    commit({ message: "mighook init", expect: [] });

    // 2. A new migration added to two lists of three: caught.
    repo.write(`migrations/${m(5, "status_reason")}`, migrationSql("status_reason"));
    repo.write("it/a_test.go", goList([...M1, m(5, "status_reason")])).write("it/b_test.go", goList([...M1, m(5, "status_reason")]));
    commit({ message: "005 in two lists", expect: ["missing-from-suite e2e/c_test.go"] });
    repo.write("e2e/c_test.go", goList([m(1, "init"), m(2, "users"), m(4, "orders"), m(5, "status_reason")]));
    commit({ message: "005 in the third", expect: [] });

    // 3. Deleting an entry from the lists that have it: caught (a set-level skip would have let it pass).
    const without3 = [m(1, "init"), m(2, "users"), m(4, "orders"), m(5, "status_reason")];
    repo.write("it/a_test.go", goList(without3)).write("it/b_test.go", goList(without3));
    commit({ message: "drop 003 from a and b", expect: ["missing-from-suite it/a_test.go", "missing-from-suite it/b_test.go"] });
    repo.write("it/a_test.go", goList([...M1, m(5, "status_reason")])).write("it/b_test.go", goList([...M1, m(5, "status_reason")]));
    commit({ message: "restore 003", expect: [] });

    // 4. A new list the config doesn't name, leaving out two migrations: a warning naming the entry to add.
    repo.write("it/new_test.go", goList([m(1, "init"), m(4, "orders"), m(5, "status_reason")]));
    commit({ message: "a new suite, not configured", expect: ["unconfigured-list it/new_test.go"], says: '{"file":"it/new_test.go","list":"migrations"}' });
    // 5. A suite created in the same commit as its config entry: clean.
    repo.write("it/d_test.go", goList([...M1, m(5, "status_reason")]));
    writeConfig({ ...config(), sets: [{ ...config().sets[0], suites: [...config().sets[0].suites, { file: "it/d_test.go", list: "migrations" }] }] });
    commit({ message: "d_test.go with its config entry", expect: [] });

    // 6. A suite deleted on purpose: one finding, on the config, with the edit.
    repo.remove("it/b_test.go");
    commit({ message: "remove b_test.go", expect: ["suite-unreadable mighook.config.json"], says: 'remove this entry from "suites"', never: "not found" });
    writeConfig({ ...config(), sets: [{ ...config().sets[0], suites: config().sets[0].suites.filter((s: { file: string }) => s.file !== "it/b_test.go") }] });
    commit({ message: "config without b_test.go", expect: [] });

    // 7. Two branches each take 006; the merge joins them.
    const all = () => [...M1, m(5, "status_reason")];
    repo.git("branch", "feature");
    repo.write(`migrations/${m(6, "main_side")}`, migrationSql("main_side"));
    for (const f of ["it/a_test.go", "it/d_test.go"]) repo.write(f, goList([...all(), m(6, "main_side")]));
    repo.write("e2e/c_test.go", goList([...without3, m(6, "main_side")]));
    commit({ message: "006 on main", expect: [] });
    repo.git("checkout", "-q", "feature");
    repo.write(`migrations/${m(6, "feature_side")}`, migrationSql("feature_side"));
    for (const f of ["it/a_test.go", "it/d_test.go"]) repo.write(f, goList([...all(), m(6, "feature_side")]));
    repo.write("e2e/c_test.go", goList([...without3, m(6, "feature_side")]));
    repo.commitAll("006 on feature");
    repo.git("checkout", "-q", "main");
    repo.tryGit(["merge", "-q", "--no-edit", "feature"]);
    const both = [...all(), m(6, "feature_side"), m(6, "main_side")];
    for (const f of ["it/a_test.go", "it/d_test.go"]) repo.write(f, goList(both));
    repo.write("e2e/c_test.go", goList([...without3, m(6, "feature_side"), m(6, "main_side")]));
    repo.git("add", "-A");
    repo.git("commit", "-q", "--no-verify", "--no-edit");
    steps.push({ sha: repo.git("rev-parse", "HEAD").trim(), message: "merge feature", expect: ["duplicate-version migrations/006_main_side.sql"], says: "this merge brings both sides together" });

    // 8. A later merge of unrelated work: the duplicate is the first parent's, not this merge's.
    repo.git("checkout", "-q", "-b", "docs");
    repo.write("README.md", "docs\n").commitAll("docs");
    repo.git("checkout", "-q", "main");
    repo.write("notes.md", "n\n").commitAll("notes");
    steps.push({ sha: repo.git("rev-parse", "HEAD").trim(), message: "notes", expect: ["duplicate-version migrations/006_main_side.sql"], never: "merge" });
    repo.git("merge", "-q", "--no-edit", "--no-ff", "docs");
    steps.push({ sha: repo.git("rev-parse", "HEAD").trim(), message: "merge docs", expect: ["duplicate-version migrations/006_main_side.sql"], never: "this merge brings both sides together" });

    const got = steps.map((s) => ({ message: s.message, ...verdict(repo, ["check", "--tree", s.sha]) }));
    expect(got.map((g) => `${g.message}: ${g.rules.join(", ")}`)).toEqual(steps.map((s) => `${s.message}: ${s.expect.join(", ")}`));
    steps.forEach((s, i) => {
      if (s.says) expect(got[i]!.text, s.message).toContain(s.says);
      if (s.never) expect(got[i]!.text, s.message).not.toContain(s.never);
    });
  });

  it("branches against main: renumbering in a copy folder, a misnamed file moved out, a deleted entry", () => {
    const repo = new Repo();
    for (const dir of ["db/migrations", "db/migrations_copy"]) for (const f of M1) repo.write(`${dir}/${f}`, migrationSql(f.slice(4, -4)));
    repo.write("db/migrations/seed_test_data.sql", "INSERT INTO users VALUES (1);\n");
    repo.write("it/a_test.go", goList(M1)).write("it/copy_test.go", goList(M1));
    repo.write(
      "mighook.config.json",
      JSON.stringify({
        sets: [
          { dir: "db/migrations", suites: [{ file: "it/a_test.go" }] },
          { dir: "db/migrations_copy", suites: [{ file: "it/copy_test.go" }] },
        ],
      }),
    );
    repo.commitAll("baseline (seed_test_data.sql misnamed, as the history had it)");
    const branch = (name: string, change: () => void): string => {
      repo.git("checkout", "-q", "-b", name, "main");
      change();
      repo.commitAll(name);
      return repo.git("rev-parse", "HEAD").trim();
    };
    const moved = branch("move-seed", () => {
      repo.write("db/testdata/seed_test_data.sql", repo.read("db/migrations/seed_test_data.sql")).remove("db/migrations/seed_test_data.sql");
    });
    const renumbered = branch("renumber-both", () => {
      for (const dir of ["db/migrations", "db/migrations_copy"]) {
        repo.write(`${dir}/${m(5, "orders")}`, repo.read(`${dir}/${m(4, "orders")}`)).remove(`${dir}/${m(4, "orders")}`);
      }
      const renamed = [...M1.slice(0, 3), m(5, "orders")];
      repo.write("it/a_test.go", goList(renamed)).write("it/copy_test.go", goList(renamed));
    });
    const dropped = branch("drop-entry", () => {
      repo.write("it/a_test.go", goList(M1.filter((f) => f !== m(2, "users"))));
    });

    const against = (sha: string) => verdict(repo, ["check", "--tree", sha, "--base", "main"]);
    // Moved out as invalid-filename asks: nothing removed that goose applied.
    expect(against(moved).rules).toEqual([]);
    const renumber = against(renumbered);
    expect(renumber.rules).toEqual([
      "invalid-filename db/migrations/seed_test_data.sql",
      "removed-applied db/migrations/004_orders.sql",
      "removed-applied db/migrations_copy/004_orders.sql",
    ]);
    expect(renumber.text).toContain("renamed here to db/migrations/005_orders.sql");
    expect(renumber.text).toContain("renamed here to db/migrations_copy/005_orders.sql");
    expect(renumber.text).not.toMatch(/db\/migrations\/004_orders.sql[^\n]*migrations_copy|and remove db\/migrations_copy\/005_orders.sql[^]*db\/migrations\/004/);
    expect(against(dropped).rules).toEqual(["invalid-filename db/migrations/seed_test_data.sql", "missing-from-suite it/a_test.go"]);
    // main itself, with the misnamed file: goose would refuse it.
    expect(verdict(repo, ["check", "--tree", "main"]).rules).toEqual(["invalid-filename db/migrations/seed_test_data.sql"]);
  });
});
