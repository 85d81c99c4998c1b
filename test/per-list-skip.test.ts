import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { SKIP_REASON } from "../src/init/detect.js";
import { json, migrationSql, staged } from "./helpers/incident.js";
import { Repo, type RunResult } from "./helpers/repo.js";

// Issue 10, item 1: lists differ, so a skip can belong to one suite list.
const output = (r: RunResult) => r.stdout + r.stderr;
const M = ["001_a.sql", "002_b.sql", "003_c.sql"];
const goList = (files: string[], name = "migrations") =>
  `package suite\n\nfunc apply() {\n\t${name} := []string{\n${files.map((f) => `\t\t"${f}",\n`).join("")}\t}\n\t_ = ${name}\n}\n`;

/** Two suites: full_test.go lists everything, short_test.go leaves out 002 on purpose (its own skip). */
function twoLists(short: string[] = ["001_a.sql", "003_c.sql"], full: string[] = M): Repo {
  const repo = new Repo();
  for (const f of M) repo.write(`migrations/${f}`, migrationSql(f.slice(4, -4)));
  repo.write("full_test.go", goList(full)).write("short_test.go", goList(short));
  repo.write(
    "mighook.config.json",
    JSON.stringify(
      {
        sets: [
          {
            dir: "migrations",
            suites: [{ file: "full_test.go" }, { file: "short_test.go", skip: { "002_b.sql": "short suite needs no b" } }],
          },
        ],
      },
      null,
      2,
    ),
  );
  return repo.commitAll("baseline");
}

describe("per-list skip (suites[].skip)", () => {
  it("exempts the migration in that list only: the other list must still name it", () => {
    const repo = twoLists();
    const clean = repo.mighook(["check", "--tree", "HEAD"]);
    expect(clean.code, output(clean)).toBe(0);

    // Deleting the entry from the list that had it no longer passes.
    repo.write("full_test.go", goList(["001_a.sql", "003_c.sql"])).git("add", "-A");
    const dropped = repo.mighook(["check", "--staged", "--format", "json"]);
    expect(dropped.code).toBe(1);
    expect(json(dropped.stdout).findings.map((f) => `${f.rule} ${f.file}`)).toEqual(["missing-from-suite full_test.go"]);
    expect(json(dropped.stdout).findings[0]!.hint).toContain(`this suite's "skip"`);
  });

  it("fix adds what the list lacks but not what its own skip leaves out; list --suite prints what it applies", () => {
    const repo = twoLists(["001_a.sql"]);
    repo.write("migrations/004_d.sql", migrationSql("d")).git("add", "-A");
    const fix = repo.mighook(["fix"]);
    expect(fix.code, output(fix)).toBe(0);
    expect(staged(repo, "short_test.go")).toBe(goList(["001_a.sql", "003_c.sql", "004_d.sql"]));
    expect(staged(repo, "full_test.go")).toBe(goList([...M, "004_d.sql"]));

    // `list` keeps the set's order and shape; --suite gives one list's.
    const set = JSON.parse(repo.mighook(["list", "--format", "json"]).stdout) as Array<Record<string, unknown>>;
    expect(set.map((m) => m.file)).toEqual([...M, "004_d.sql"]);
    expect(set[0]).toEqual({ set: "migrations", file: "001_a.sql", path: "migrations/001_a.sql", version: 1, special: false });
    expect(repo.mighook(["list", "--suite", "short_test.go"]).stdout).toBe("001_a.sql\n003_c.sql\n004_d.sql\n");
    const one = JSON.parse(repo.mighook(["list", "--suite", "short_test.go:migrations", "--all", "--format", "json"]).stdout);
    expect(one[1]).toEqual({
      set: "migrations",
      suite: "short_test.go:migrations",
      file: "002_b.sql",
      path: "migrations/002_b.sql",
      version: 2,
      special: false,
      skipped: "short suite needs no b",
    });
    const unknown = repo.mighook(["list", "--suite", "nope_test.go"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("full_test.go:migrations, short_test.go:migrations");
  });

  it("renumber renames in the lists that have it, leaves the skipping list alone, and names the skip key to rename", () => {
    const repo = twoLists();
    repo.write("migrations/003_z.sql", migrationSql("z")).write("full_test.go", goList([...M, "003_z.sql"]));
    repo.git("add", "-A");
    const result = repo.mighook(["renumber", "migrations/002_b.sql", "--to", "5"]);
    expect(result.code, output(result)).toBe(1); // 003 is still taken twice
    expect(staged(repo, "full_test.go")).toBe(goList(["001_a.sql", "003_c.sql", "003_z.sql", "005_b.sql"]));
    expect(staged(repo, "short_test.go")).toBe(goList(["001_a.sql", "003_c.sql"]));
    expect(result.stdout).toContain('the "skip" of suite short_test.go (list `migrations`) in the config names 002_b.sql; rename that key to 005_b.sql');
  });

  it("reports a stale per-list skip at its line in the config", () => {
    const repo = twoLists();
    const config = JSON.parse(repo.read("mighook.config.json"));
    config.sets[0].suites[1].skip["099_gone.sql"] = "old";
    repo.write("mighook.config.json", JSON.stringify(config, null, 2)).git("add", "-A");
    const result = repo.mighook(["check", "--staged", "--format", "json"]);
    expect(result.code, output(result)).toBe(1);
    const [finding] = json(result.stdout).findings;
    expect(finding).toMatchObject({ rule: "stale-skip", file: "mighook.config.json", line: 13 });
    expect(finding!.message).toContain('the "skip" of suite short_test.go');
  });

  it("is in schema.json, generated from the config schema", () => {
    const schema = JSON.parse(readFileSync(resolve(import.meta.dirname, "../schema.json"), "utf8"));
    const suite = schema.properties.sets.items.properties.suites.items;
    expect(suite.properties.skip.type).toBe("object");
    expect(suite.properties.skip.description).toContain("this list only");
  });
});

describe("init writes per-list skips", () => {
  it("a migration missing from one of three lists is skipped in that list only, not for the set", () => {
    const all = ["019_s.sql", "020_t.sql", "021_u.sql", "022_v.sql"];
    const repo = new Repo();
    for (const f of all) repo.write(`migrations/${f}`, migrationSql(f.slice(4, -4)));
    repo.write("a_test.go", goList(all)).write("b_test.go", goList(all)).write("c_test.go", goList(all.filter((f) => f !== "021_u.sql")));
    repo.commitAll("three lists");
    const result = repo.mighook(["init"]);
    expect(result.code, output(result)).toBe(0);
    const set = JSON.parse(repo.read("mighook.config.json")).sets[0];
    expect(set.skip).toBeUndefined();
    expect(set.suites).toEqual([
      { file: "a_test.go", list: "migrations" },
      { file: "b_test.go", list: "migrations" },
      { file: "c_test.go", list: "migrations", skip: { "021_u.sql": SKIP_REASON } },
    ]);
    expect(result.stdout).toContain("skip in this list only");
    repo.commitAll("config");
    expect(repo.mighook(["check", "--tree", "HEAD"]).code).toBe(0);
    // The two lists that have 021 go on requiring it.
    repo.write("a_test.go", goList(all.filter((f) => f !== "021_u.sql"))).git("add", "-A");
    expect(repo.mighook(["check", "--staged"]).code).toBe(1);
  });
});
