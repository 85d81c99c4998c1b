import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SUITE, incidentRepo, listedWith, lists, migrationSql, staged, suiteListing } from "./helpers/incident.js";

const SECOND_021 = "migrations/021_add_status_reason_column.sql";
const AS_022 = "migrations/022_add_status_reason_column.sql";


describe("renumber", () => {
  it("turns the incident's second 021 into 022, lists it, and check passes", () => {
    const repo = incidentRepo();
    repo.write(SECOND_021, migrationSql("add_status_reason_column")).git("add", "-A");
    expect(repo.mighook(["check", "--staged"]).code).toBe(1);

    const result = repo.mighook(["renumber", SECOND_021]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Renamed ${SECOND_021} to ${AS_022}`);
    expect(result.stdout).toContain("no base branch is known");
    expect(repo.git("status", "--porcelain")).toBe(`A  ${AS_022}\nM  ${SUITE}\n`);
    const wanted = listedWith("022_add_status_reason_column.sql");
    expect(lists(staged(repo, SUITE))).toEqual([wanted, wanted]);
    expect(repo.read(SUITE)).toBe(staged(repo, SUITE));
    expect(repo.mighook(["check", "--staged"]).code).toBe(0);
  });

  it("renames listed entries in place, keeping their comments, and moves them into order", () => {
    const repo = incidentRepo();
    repo.write(SECOND_021, migrationSql("add_status_reason_column"));
    const listed = suiteListing(listedWith("021_add_status_reason_column.sql")).replaceAll(
      '"021_add_status_reason_column.sql",',
      '"021_add_status_reason_column.sql", // Dec 15',
    );
    repo.write(SUITE, listed).git("add", "-A");
    expect(repo.mighook(["renumber", SECOND_021]).code).toBe(0);
    expect(staged(repo, SUITE)).toBe(listed.replaceAll("021_add_status_reason_column.sql", "022_add_status_reason_column.sql"));
  });

  it("leaves out of a working-tree list the entry that was removed there on purpose (unstaged)", () => {
    const repo = incidentRepo();
    repo.write(SECOND_021, migrationSql("add_status_reason_column"));
    repo.write(SUITE, suiteListing(listedWith("021_add_status_reason_column.sql"))).git("add", "-A");
    // In the working tree only, the first list drops the entry.
    const go = repo.read(SUITE);
    const at = go.indexOf('\t\t"021_add_status_reason_column.sql",\n');
    repo.write(SUITE, go.slice(0, at) + go.slice(at + '\t\t"021_add_status_reason_column.sql",\n'.length));

    const result = repo.mighook(["renumber", SECOND_021]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const wanted = listedWith("022_add_status_reason_column.sql");
    expect(lists(staged(repo, SUITE))).toEqual([wanted, wanted]);
    expect(lists(repo.read(SUITE))).toEqual([listedWith(), wanted]);
  });

  it("notes, when no base is known, that the migration is already committed", () => {
    const repo = incidentRepo();
    repo.write(SECOND_021, migrationSql("add_status_reason_column")).commitAll("the incident's commit");
    // A refusal says only why it refused.
    const taken = repo.mighook(["renumber", SECOND_021, "--to", "20"]);
    expect(taken.code).toBe(2);
    expect(taken.stderr).not.toContain("already committed");
    const result = repo.mighook(["renumber", SECOND_021]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stderr).toContain("is already committed, and no base branch is known");
    expect(existsSync(join(repo.dir, AS_022))).toBe(true);
  });

  it("keeps unstaged changes to the migration: the file moves, the staged blob moves", () => {
    const repo = incidentRepo();
    repo.write(SECOND_021, migrationSql("add_status_reason_column")).git("add", "-A");
    const unstaged = `${migrationSql("add_status_reason_column")}-- unstaged note\n`;
    repo.write(SECOND_021, unstaged);
    expect(repo.mighook(["renumber", SECOND_021]).code).toBe(0);
    expect(existsSync(join(repo.dir, SECOND_021))).toBe(false);
    expect(repo.read(AS_022)).toBe(unstaged);
    expect(staged(repo, AS_022)).toBe(migrationSql("add_status_reason_column"));
    expect(repo.git("status", "--porcelain")).toBe(`AM ${AS_022}\nM  ${SUITE}\n`);
  });

  it("refuses a migration the base branch already has; --force overrides with a warning", () => {
    const repo = incidentRepo();
    repo.write(SECOND_021, migrationSql("add_status_reason_column")).write(SUITE, suiteListing(listedWith("021_add_status_reason_column.sql")));
    repo.commitAll("main has the second 021");
    repo.git("checkout", "-q", "-b", "feature");
    const before = repo.git("ls-files", "--stage");

    const refused = repo.mighook(["renumber", SECOND_021, "--base", "main"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${SECOND_021} is already on main`);
    expect(refused.stderr).toContain("--force");
    expect(repo.git("ls-files", "--stage")).toBe(before);
    expect(existsSync(join(repo.dir, SECOND_021))).toBe(true);

    // The upstream is the base when --base is not given.
    repo.git("branch", "--set-upstream-to=main");
    expect(repo.mighook(["renumber", SECOND_021]).code).toBe(2);

    const forced = repo.mighook(["renumber", SECOND_021, "--force"]);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain("warning");
    expect(repo.git("status", "--porcelain")).toBe(`R  ${SECOND_021} -> ${AS_022}\nM  ${SUITE}\n`);
  });

  it("allows a migration that is only on the feature branch", () => {
    const repo = incidentRepo();
    repo.git("checkout", "-q", "-b", "feature");
    repo.write(SECOND_021, migrationSql("add_status_reason_column")).commitAll("feature's 021");
    expect(repo.mighook(["renumber", SECOND_021, "--base", "main"]).stdout).toContain("main does not have it");
  });

  it("--to N takes N, padded like the folder; a taken N is exit 2", () => {
    const repo = incidentRepo();
    repo.write(SECOND_021, migrationSql("add_status_reason_column")).git("add", "-A");
    const taken = repo.mighook(["renumber", SECOND_021, "--to", "20"]);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain("version 020 is taken by migrations/020_add_workflow_label_columns.sql (in the index, HEAD, the working tree)");
    expect(repo.mighook(["renumber", SECOND_021, "--to", "abc"]).code).toBe(2);
    expect(repo.mighook(["renumber", "migrations/nope.sql"]).code).toBe(2);

    expect(repo.mighook(["renumber", "021_add_status_reason_column.sql", "--to", "30"]).code).toBe(0);
    expect(lists(staged(repo, SUITE))[0]).toEqual(listedWith("030_add_status_reason_column.sql"));
    expect(repo.mighook(["check", "--staged"]).code).toBe(0);
  });

  it("refuses with exit 2 while another git process holds index.lock", () => {
    const repo = incidentRepo();
    repo.write(SECOND_021, migrationSql("add_status_reason_column")).git("add", "-A");
    repo.write(".git/index.lock", "");
    expect(repo.mighook(["renumber", SECOND_021]).code).toBe(2);
    expect(existsSync(join(repo.dir, SECOND_021))).toBe(true);
  });
});
