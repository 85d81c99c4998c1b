import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SUITE, incidentRepo, listedWith, lists, migrationSql, staged, suiteListing } from "./helpers/incident.js";
import { Repo } from "./helpers/repo.js";



describe("new", () => {
  it("creates 022 in the incident's repository, lists it before the special in both lists, stages it", () => {
    const repo = incidentRepo();
    const result = repo.mighook(["new", "add_status_reason_column"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const path = "migrations/022_add_status_reason_column.sql";
    expect(result.stdout).toContain(`Created ${path}`);
    expect(result.stdout).toContain("no problems in the index");

    // goose's template: Up and Down, each in StatementBegin/End, and a purpose line.
    const sql = repo.read(path);
    expect(sql).toMatch(/^-- \+goose Up\n-- \+goose StatementBegin\n-- Purpose: add status reason column/);
    expect(sql).toContain("-- +goose Down\n-- +goose StatementBegin\n");
    expect(sql.match(/StatementEnd/g)).toHaveLength(2);

    const wanted = listedWith("022_add_status_reason_column.sql");
    expect(lists(staged(repo, SUITE))).toEqual([wanted, wanted]);
    // Index and working tree agree, and everything is staged.
    expect(repo.git("status", "--porcelain")).toBe(`A  ${path}\nM  ${SUITE}\n`);
    expect(repo.mighook(["check", "--staged"]).code).toBe(0);
    expect(repo.mighook(["check"]).code).toBe(0);
  });

  it("matches the neighbours' indentation and keeps every comment", () => {
    const repo = incidentRepo();
    const before = repo.read(SUITE).replace('\t\t"021_create', '\t\t// added Dec 11\n\t\t"021_create').replace('"1000_create_audit_events_partitions.sql",', '"1000_create_audit_events_partitions.sql", // special: last');
    repo.write(SUITE, before).commitAll("comments");
    expect(repo.mighook(["new", "x"]).code).toBe(0);
    const after = repo.read(SUITE);
    expect(after).toBe(
      before.replaceAll(
        '\t\t"021_create_notification_audit_table.sql",\n',
        '\t\t"021_create_notification_audit_table.sql",\n\t\t"022_x.sql",\n',
      ),
    );
  });

  it("takes 023 on a feature branch when main has already taken 022 (--base, upstream, config baseRef)", () => {
    const repo = incidentRepo();
    repo.git("branch", "feature");
    repo.write("migrations/022_main_change.sql", migrationSql("main_change")).write(SUITE, suiteListing(listedWith("022_main_change.sql")));
    repo.commitAll("main takes 022");
    repo.git("checkout", "-q", "feature");

    const explicit = repo.mighook(["new", "feature_change", "--base", "main"]);
    expect(explicit.code).toBe(0);
    expect(explicit.stdout).toContain("migrations/023_feature_change.sql");
    expect(explicit.stdout).toMatch(/one above 022, the highest in main/);
    expect(lists(staged(repo, SUITE))[0]).toEqual(listedWith("023_feature_change.sql"));
    repo.git("reset", "-q", "--hard");
    repo.remove("migrations/023_feature_change.sql");

    // Without --base: the branch's upstream...
    repo.git("branch", "--set-upstream-to=main");
    expect(repo.mighook(["new", "again"]).stdout).toContain("migrations/023_again.sql");
    repo.git("reset", "-q", "--hard");
    repo.remove("migrations/023_again.sql");
    repo.git("branch", "--unset-upstream");
    // ...else the config's baseRef; with none, HEAD and the index decide.
    expect(repo.mighook(["new", "alone"]).stdout).toContain("migrations/022_alone.sql");
    repo.git("reset", "-q", "--hard");
    repo.remove("migrations/022_alone.sql");
    const config = JSON.parse(repo.read("mighook.config.json"));
    repo.write("mighook.config.json", JSON.stringify({ ...config, baseRef: "main" })).git("add", "mighook.config.json");
    expect(repo.mighook(["new", "configured"]).stdout).toContain("migrations/023_configured.sql");

    // An unknown --base is exit 2, and nothing is created.
    const bad = repo.mighook(["new", "nope", "--base", "no-such-branch"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown revision "no-such-branch"');
    expect(existsSync(join(repo.dir, "migrations/024_nope.sql"))).toBe(false);
  });

  it("normalises the name and refuses unusable ones with exit 2, creating nothing", () => {
    const repo = incidentRepo();
    expect(repo.mighook(["new", "AddStatus-Reason column"]).stdout).toContain("migrations/022_add_status_reason_column.sql");
    for (const name of [[], [""], ["!!!"], ["022_add_x"], ["42"], ["add 日本 table"]]) {
      const result = repo.mighook(["new", ...name]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^mighook: .*\n  → /);
    }
    expect(repo.mighook(["new", "add 日本 table"]).stderr).toContain('"日本" has no ASCII spelling');
    expect(repo.git("status", "--porcelain")).toBe(`A  migrations/022_add_status_reason_column.sql\nM  ${SUITE}\n`);
    // Latin letters fold to ASCII, none dropped.
    expect(repo.mighook(["new", "Größe der Straße"]).stdout).toContain("migrations/023_grosse_der_strasse.sql");
    expect(repo.mighook(["new", "Iğdır ħal"]).stdout).toContain("migrations/024_igdir_hal.sql");
  });

  it("follows the folder's zero-padding, ignores specials, and uses the time for timestamp versions", () => {
    const repo = new Repo();
    repo.write("migrations/0001_a.sql", migrationSql("a")).write("migrations/9999_special.sql", migrationSql("s"));
    repo.write("mighook.config.json", JSON.stringify({ sets: [{ dir: "migrations", special: ["9999_*.sql"] }] }));
    repo.commitAll();
    expect(repo.mighook(["new", "b"]).stdout).toContain("migrations/0002_b.sql");

    // A special doesn't raise the next version, but the next version never lands on it.
    const below = new Repo();
    below.write("migrations/049_a.sql", migrationSql("a")).write("migrations/050_partitions.sql", migrationSql("p"));
    below.write("mighook.config.json", JSON.stringify({ sets: [{ dir: "migrations", special: ["050_*.sql"] }] }));
    below.commitAll();
    const next = below.mighook(["new", "b"]);
    expect(next.code, next.stdout + next.stderr).toBe(0);
    expect(next.stdout).toContain("migrations/051_b.sql");
    expect(next.stdout).toContain("version 051: the first free above 049, the highest in the index, HEAD and the working tree; 050_partitions.sql took the version before it");

    const stamps = new Repo();
    stamps.write("migrations/20200101120000_init.sql", migrationSql("init")).commitAll();
    const result = stamps.mighook(["new", "later"]);
    const version = /migrations\/(\d+)_later\.sql/.exec(result.stdout)?.[1];
    expect(version).toMatch(/^20\d{12}$/);
    expect(Number(version)).toBeGreaterThan(20200101120000);
    expect(result.stdout).toContain("the current UTC time, above 20200101120000");
  });

  it("puts the entry in the index and the working tree separately, keeping unstaged edits unstaged", () => {
    const repo = incidentRepo();
    const edited = repo.read(SUITE).replace("package datastorage", "package datastorage // unstaged");
    repo.write(SUITE, edited);
    expect(repo.mighook(["new", "x"]).code).toBe(0);
    expect(staged(repo, SUITE)).not.toContain("// unstaged");
    expect(lists(staged(repo, SUITE))[1]).toEqual(listedWith("022_x.sql"));
    expect(lists(repo.read(SUITE))[1]).toEqual(listedWith("022_x.sql"));
    expect(repo.git("diff", SUITE)).toContain("+package datastorage // unstaged");
    expect(repo.git("diff", SUITE).match(/^[+-]\t/gm)).toBeNull();
  });

  it("writes new entries with the prefix their neighbours share", () => {
    const repo = new Repo();
    repo.write("db/migrations/001_a.sql", migrationSql("a"));
    repo.write("suite_test.go", 'package x\n\nvar migrations = []string{\n\t"../db/migrations/001_a.sql",\n}\n');
    repo.write("mighook.config.json", JSON.stringify({ sets: [{ dir: "db/migrations", suites: [{ file: "suite_test.go" }] }] }));
    repo.commitAll();
    expect(repo.mighook(["new", "b"]).code).toBe(0);
    expect(repo.read("suite_test.go")).toBe('package x\n\nvar migrations = []string{\n\t"../db/migrations/001_a.sql",\n\t"../db/migrations/002_b.sql",\n}\n');
  });

  it("refuses with exit 2 while another git process holds index.lock", () => {
    const repo = incidentRepo();
    repo.write(".git/index.lock", "");
    const result = repo.mighook(["new", "x"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("index.lock");
    expect(existsSync(join(repo.dir, "migrations/022_x.sql"))).toBe(false);
  });
});
