import { describe, expect, it } from "vitest";
import { incidentListed, incidentRepo, migrationSql } from "./helpers/incident.js";
import { Repo } from "./helpers/repo.js";
import type { ListedMigration } from "../src/commands/list.js";

type Listed = ListedMigration;

describe("list", () => {
  it("--format json on the incident's repository: 001 first, the 1000_ special last, the skipped 014 left out", () => {
    const repo = incidentRepo();
    const result = repo.mighook(["list", "--format", "json"]);
    expect(result.code).toBe(0);
    const listed = JSON.parse(result.stdout) as Listed[];
    expect(listed[0]).toEqual({ set: "datastorage", file: "001_initial_setup.sql", path: "migrations/001_initial_setup.sql", version: 1, special: false });
    expect(listed.at(-1)).toMatchObject({ file: "1000_create_audit_events_partitions.sql", version: 1000, special: true });
    expect(listed.some((m) => m.file.startsWith("014_"))).toBe(false);
    expect(listed.map((m) => m.file)).toEqual(incidentListed());
  });

  it("prints one file per line; --all includes the skipped ones with their reason", () => {
    const repo = incidentRepo();
    expect(repo.mighook(["list"]).stdout).toBe(`${incidentListed().join("\n")}\n`);
    const all = repo.mighook(["list", "--all"]).stdout.split("\n");
    expect(all[13]).toBe("014_create_audit_events_partitions.sql  # skipped: superseded by 1000_create_audit_events_partitions.sql");
    const json = JSON.parse(repo.mighook(["list", "--all", "--format", "json"]).stdout) as Listed[];
    expect(json[13]).toMatchObject({ file: "014_create_audit_events_partitions.sql", skipped: "superseded by 1000_create_audit_events_partitions.sql" });
    expect(json).toHaveLength(incidentListed().length + 1);
  });

  it("lists what the index holds, in version order (numbers, not text)", () => {
    const repo = new Repo();
    repo.write("migrations/9_b.sql", migrationSql("b")).write("migrations/10_a.sql", migrationSql("a")).write("migrations/bad.sql", "x").git("add", "-A");
    repo.write("migrations/11_unstaged.sql", migrationSql("u"));
    expect(repo.mighook(["list"]).stdout).toBe("9_b.sql\n10_a.sql\n");
  });

  it("is exit 2 for a bad flag or an unknown set", () => {
    const repo = incidentRepo();
    expect(repo.mighook(["list", "--format", "xml"]).code).toBe(2);
    expect(repo.mighook(["list", "--set", "nope"]).code).toBe(2);
    expect(repo.mighook(["list", "migrations/001_a.sql"]).stderr).toContain("list takes no file names");
  });
});
