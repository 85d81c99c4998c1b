import { describe, expect, it } from "vitest";
import { SUITE, incidentListed, incidentRepo, json, listedWith, lists, migrationSql, staged, suiteGo, suiteListing } from "./helpers/incident.js";
import { Repo } from "./helpers/repo.js";


describe("fix", () => {
  it("stages the entry but not an unstaged edit elsewhere in the suite file; the working tree keeps both", () => {
    const repo = incidentRepo();
    repo.write("migrations/022_x.sql", migrationSql("x")).git("add", "-A");
    const edit = (go: string) => go.replace("\tfor _, m := range migrations {", "\t// TODO: unstaged edit\n\tfor _, m := range migrations {");
    repo.write(SUITE, edit(repo.read(SUITE)));

    const result = repo.mighook(["fix"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("added 022_x.sql");
    expect(result.stdout).toContain("keeping its unstaged edits");

    const index = staged(repo, SUITE);
    expect(index).toBe(suiteListing(listedWith("022_x.sql")));
    expect(index).not.toContain("unstaged edit");
    expect(repo.read(SUITE)).toBe(edit(suiteListing(listedWith("022_x.sql"))));
    // What is unstaged is exactly the edit.
    const diff = repo.git("diff", "--", SUITE);
    expect(diff.match(/^[+-][^+-].*$/gm)).toEqual(["+\t// TODO: unstaged edit"]);
    expect(repo.mighook(["check", "--staged"]).code).toBe(0);
  });

  it("removes the entry of a migration removed with git rm, keeping the comments", () => {
    const repo = new Repo();
    const files = ["001_a.sql", "002_b.sql", "003_c.sql", "1000_special.sql"];
    for (const f of files) repo.write(`migrations/${f}`, migrationSql(f.slice(4, -4)));
    const comments = { "002_b.sql": "// b: keep this comment", "003_c.sql": "// c: and this one" };
    repo.write(SUITE, suiteGo(files, { comments }).replace('"002_b.sql",', '"002_b.sql", // trailing'));
    repo.write("mighook.config.json", JSON.stringify({ sets: [{ dir: "migrations", special: ["1000_*.sql"], suites: [{ file: SUITE }] }] }));
    repo.commitAll();
    repo.git("rm", "-q", "migrations/002_b.sql");

    const result = repo.mighook(["fix"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("removed 002_b.sql");
    // The first list had a trailing comment on the entry; the output says it stayed.
    expect(result.stdout).toContain("removed 002_b.sql (its comment stays, where the entry was");
    // In both lists the comment line above the entry stays; in the first, its
    // trailing comment too, on the entry's line.
    const [first, second] = suiteGo(["001_a.sql", "003_c.sql", "1000_special.sql"], { comments }).split(/(?=func applyMigrationsWithPropagationTo)/);
    const kept =
      first!.replace("\t\t// c:", "\t\t// b: keep this comment\n\t\t// trailing\n\t\t// c:") + second!.replace("\t\t// c:", "\t\t// b: keep this comment\n\t\t// c:");
    expect(staged(repo, SUITE)).toBe(kept);
    expect(repo.read(SUITE)).toBe(staged(repo, SUITE));
    expect(repo.mighook(["check", "--staged"]).code).toBe(0);
  });

  it("restores order, drops duplicates and unknown entries, and changes nothing when run again", () => {
    const repo = incidentRepo();
    const messy = [...incidentListed()].reverse();
    messy.splice(3, 0, "019_typo.sql", messy[5]!);
    repo.write(SUITE, suiteListing(messy)).git("add", "-A");
    expect(repo.mighook(["check", "--staged"]).code).toBe(1);

    const first = repo.mighook(["fix"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/removed 019_typo\.sql.*put in suite order/);
    expect(lists(staged(repo, SUITE))).toEqual([incidentListed(), incidentListed()]);
    const snapshot = () => [repo.git("ls-files", "--stage"), repo.read(SUITE), repo.git("status", "--porcelain")];
    const before = snapshot();
    const second = repo.mighook(["fix"]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("nothing to fix");
    expect(snapshot()).toEqual(before);
  });

  it("reports a duplicate version with renumber in the hint, and never renames a migration", () => {
    const repo = incidentRepo();
    repo.write("migrations/021_add_status_reason_column.sql", migrationSql("add_status_reason_column")).git("add", "-A");
    const result = repo.mighook(["fix"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("added 021_add_status_reason_column.sql");
    expect(result.stdout).toContain("mighook renumber migrations/021_add_status_reason_column.sql");
    expect(repo.git("status", "--porcelain")).toBe(`A  migrations/021_add_status_reason_column.sql\nM  ${SUITE}\n`);
    const check = json(repo.mighook(["check", "--staged", "--format", "json"]).stdout);
    expect(check.findings.map((f) => f.rule)).toEqual(["duplicate-version"]);
  });

  it("refuses with exit 2 and changes nothing while another git process holds index.lock", () => {
    const repo = incidentRepo();
    repo.write("migrations/022_x.sql", migrationSql("x")).git("add", "-A");
    repo.write(".git/index.lock", "");
    const before = [repo.read(SUITE), repo.git("ls-files", "--stage")];
    const result = repo.mighook(["fix"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("index.lock");
    repo.remove(".git/index.lock");
    expect([repo.read(SUITE), repo.git("ls-files", "--stage")]).toEqual(before);
  });

  it("honours GIT_INDEX_FILE for the lock", () => {
    const repo = incidentRepo();
    repo.write("migrations/022_x.sql", migrationSql("x")).git("add", "-A");
    repo.git("read-tree", "--index-output=.git/other-index", "HEAD");
    repo.write(".git/other-index.lock", "");
    expect(repo.mighook(["fix"], { GIT_INDEX_FILE: ".git/other-index" }).code).toBe(2);
    expect(repo.mighook(["fix"]).code).toBe(0); // the real index isn't locked
  });

  it("fixes the index only, and says so, when the working-tree file can't take the fix", () => {
    const repo = incidentRepo();
    repo.write("migrations/022_x.sql", migrationSql("x")).git("add", "-A");
    repo.write(SUITE, 'package broken\n\nvar s = "unterminated\n');
    const result = repo.mighook(["fix"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("staged in the index only");
    expect(result.stdout).toContain("not valid Go");
    expect(repo.read(SUITE)).toBe('package broken\n\nvar s = "unterminated\n');
    expect(lists(staged(repo, SUITE))[0]).toEqual(listedWith("022_x.sql"));

    repo.remove(SUITE);
    repo.git("reset", "-q", "--", SUITE);
    const deleted = repo.mighook(["fix"]);
    expect(deleted.stdout).toContain("missing from the working tree");

    // Present but unreadable is not "missing": the message says what went wrong.
    repo.write("migrations/023_y.sql", migrationSql("y")).git("add", "migrations/023_y.sql");
    repo.write(`${SUITE}/oops`, "");
    const unreadable = repo.mighook(["fix"]);
    expect(unreadable.code, unreadable.stdout + unreadable.stderr).toBe(0);
    expect(unreadable.stdout).toContain("the working-tree file could not be read (it is a folder, not a regular file");
  });

  it("keeps an unstaged entry of the working tree that the index doesn't have", () => {
    const repo = incidentRepo();
    repo.write("migrations/022_staged.sql", migrationSql("staged")).git("add", "-A");
    // A draft, not staged yet, already listed in the working tree.
    repo.write("migrations/023_draft.sql", migrationSql("draft"));
    repo.write(SUITE, suiteListing(listedWith("023_draft.sql")));
    expect(repo.mighook(["fix"]).code).toBe(0);
    expect(lists(staged(repo, SUITE))[0]).toEqual(listedWith("022_staged.sql"));
    expect(lists(repo.read(SUITE))[0]).toEqual(listedWith("022_staged.sql", "023_draft.sql"));
    expect(repo.mighook(["check"]).code).toBe(0);
  });

  it("keeps CRLF line endings and a byte order mark", () => {
    const repo = incidentRepo();
    const crlf = (s: string) => `\uFEFF${s.replace(/\n/g, "\r\n")}`;
    repo.write(SUITE, crlf(suiteListing(incidentListed()))).commitAll("crlf");
    repo.write("migrations/022_x.sql", migrationSql("x")).git("add", "-A");
    expect(repo.mighook(["fix"]).code).toBe(0);
    expect(repo.read(SUITE)).toBe(crlf(suiteListing(listedWith("022_x.sql"))));
    expect(staged(repo, SUITE)).toBe(crlf(suiteListing(listedWith("022_x.sql"))));
  });

  it("keeps a skipped migration that a list names anyway (check accepts it), in its place", () => {
    const repo = incidentRepo();
    const skipped = "014_create_audit_events_partitions.sql";
    expect(incidentListed()).not.toContain(skipped);
    const listed = listedWith().flatMap((f) => (f === "015_add_audit_indexes.sql" ? [skipped, f] : [f]));
    repo.write(SUITE, suiteListing(listed)).write("migrations/022_x.sql", migrationSql("x")).git("add", "-A");
    const result = repo.mighook(["fix"]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).not.toContain(`removed ${skipped}`);
    const fixed = [...listed.slice(0, -1), "022_x.sql", listed.at(-1)!];
    expect(lists(staged(repo, SUITE))).toEqual([fixed, fixed]);
  });

  it("--set chooses a set; an unknown one is exit 2", () => {
    const repo = incidentRepo();
    repo.write("migrations/022_x.sql", migrationSql("x")).git("add", "-A");
    expect(repo.mighook(["fix", "--set", "nope"]).code).toBe(2);
    expect(repo.mighook(["fix", "--set", "datastorage"]).code).toBe(0);
  });
});
