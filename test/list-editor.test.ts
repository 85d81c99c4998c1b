import { afterAll, describe, expect, it } from "vitest";
import { rewriteNamed } from "../src/edit/suites.js";
import { GoBatch } from "./helpers/gofmt.js";
import { migrationSql } from "./helpers/incident.js";
import { Repo } from "./helpers/repo.js";

// Regressions of issue 9's list-editor defects: each input is gofmt-clean,
// each output is what gofmt would write, and Debian's gofmt says so (one
// `gofmt -l` over all the outputs of this file).

const suite = (list: string) => `package db\n\nfunc TestSuite() {\n\tmigrations := []string${list}\n\t_ = migrations\n}\n`;
const edit = (list: string, desired: string[]) => rewriteNamed(suite(list), "migrations", () => desired);

const batch = new GoBatch();
afterAll(() => batch.remove());
const written: string[] = [];
/** Queues a text for the gofmt check below. */
const gofmtLater = (text: string, label: string) => written.push(batch.add(text, label));

describe("fix keeps every comment (issue 9, defect 1)", () => {
  it("keeps a comment between a removed entry and its comma, where the entry was", () => {
    // gofmt writes a one-line list's comments before the commas.
    const oneLine = edit('{"001_a.sql", "099_gone.sql" /* note */, "002_b.sql"}', ["001_a.sql", "002_b.sql"]);
    expect(oneLine).toBe(suite('{"001_a.sql" /* note */, "002_b.sql"}'));
    gofmtLater(oneLine, "one-line");
    const lines = edit('{\n\t\t"001_a.sql",\n\t\t"099_gone.sql" /* note */,\n\t\t"002_b.sql",\n\t}', ["001_a.sql", "002_b.sql"]);
    expect(lines).toBe(suite('{\n\t\t"001_a.sql",\n\t\t/* note */\n\t\t"002_b.sql",\n\t}'));
    // Several comments, and the entry's trailing comment: all stay.
    expect(edit('{\n\t\t"001_a.sql",\n\t\t"099_gone.sql" /* a */ /* b */, // c\n\t}', ["001_a.sql"])).toBe(
      suite('{\n\t\t"001_a.sql",\n\t\t/* a */ /* b */ // c\n\t}'),
    );
  });

  it("in a real repository: the staged comment and an unstaged one both stay, in the index and the working tree", () => {
    const repo = new Repo();
    repo.write("migrations/001_a.sql", migrationSql("a")).write("migrations/002_b.sql", migrationSql("b"));
    repo.write("suite_test.go", suite('{"001_a.sql", "099_gone.sql" /* staged note */, "002_b.sql"}'));
    repo.write("mighook.config.json", JSON.stringify({ sets: [{ dir: "migrations", suites: [{ file: "suite_test.go", list: "migrations" }] }] }));
    repo.commitAll();
    // An unstaged comment, between the stale entry and its comma too.
    repo.write("suite_test.go", suite('{"001_a.sql", "099_gone.sql" /* staged note */ /* unstaged note */, "002_b.sql"}'));

    const result = repo.mighook(["fix"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("removed 099_gone.sql (its comment stays");
    expect(repo.git("show", ":suite_test.go")).toBe(suite('{"001_a.sql" /* staged note */, "002_b.sql"}'));
    expect(repo.read("suite_test.go")).toBe(suite('{"001_a.sql" /* staged note */ /* unstaged note */, "002_b.sql"}'));
    expect(repo.mighook(["check"]).code).toBe(0);
  });
});

describe("fix keeps a gofmt-clean list gofmt-clean (issue 9, defect 7)", () => {
  it("a one-line list with a trailing block comment", () => {
    const out = edit('{"001_a.sql" /* note */}', ["001_a.sql", "002_b.sql"]);
    expect(out).toBe(suite('{"001_a.sql" /* note */, "002_b.sql"}'));
    gofmtLater(out, "one-line-trailing");
  });

  it("a stale last entry after a blank line", () => {
    const out = edit('{\n\t\t"001_a.sql",\n\n\t\t"099_gone.sql",\n\t}', ["001_a.sql"]);
    expect(out).toBe(suite('{\n\t\t"001_a.sql",\n\t}'));
    gofmtLater(out, "blank-line");
  });

  it("an edit that leaves every entry on the '{' line: the '}' joins them, as gofmt writes it (found by npm run fuzz)", () => {
    const out = edit('{"002_b.sql",\n\t\t"099_gone.sql"}', ["001_a.sql", "002_b.sql"]);
    expect(out).toBe(suite('{"001_a.sql", "002_b.sql"}'));
    gofmtLater(out, "joined");
  });

  it("an entry added under a comment after '{' and a blank line: no blank line is left before '}' (found by npm run fuzz)", () => {
    const out = edit("{ /* note */\n\n\t}", ["001_a.sql"]);
    expect(out).toBe(suite('{ /* note */\n\t\t"001_a.sql",\n\t}'));
    gofmtLater(out, "under-comment");
  });

  it("every entry removed, a comment kept", () => {
    const oneLine = edit('{"099_gone.sql" /* note */}', []);
    expect(oneLine).toBe(suite("{ /* note */ }"));
    gofmtLater(oneLine, "emptied-one-line");
    const lines = edit('{\n\t\t"099_gone.sql", // note\n\t\t"019_typo.sql",\n\t}', []);
    expect(lines).toBe(suite("{\n\t\t// note\n\t}"));
    gofmtLater(lines, "emptied-lines");
    // Nothing left at all: gofmt's `{}`.
    const empty = edit('{\n\t\t"099_gone.sql",\n\t}', []);
    expect(empty).toBe(suite("{}"));
    gofmtLater(empty, "emptied");
  });

  it("gofmt finds nothing to change in any of these outputs", () => {
    expect(written.length).toBeGreaterThan(0);
    const verdict = batch.judge();
    expect([...verdict.invalid.values()]).toEqual([]);
    expect([...verdict.unformatted].map((f) => `${f}:\n${batch.read(f)}`)).toEqual([]);
  });
});
