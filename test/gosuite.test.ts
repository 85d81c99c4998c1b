import { describe, expect, it } from "vitest";
import { findStringLists, tokenizeGo, type GoParse, type SuiteList } from "../src/model/gosuite.js";

function lists(text: string, name = "migrations"): SuiteList[] {
  const parsed = findStringLists(text, name);
  if (!parsed.ok) throw new Error(`unexpected error: line ${parsed.error.line}: ${parsed.error.message}`);
  return parsed.lists;
}

function values(text: string, name = "migrations"): string[][] {
  return lists(text, name).map((l) => l.entries.map((e) => e.value));
}

function only(text: string, name = "migrations"): string[] {
  const all = values(text, name);
  expect(all).toHaveLength(1);
  return all[0]!;
}

function error(text: string, name = "migrations"): { line: number; message: string } {
  const parsed: GoParse = findStringLists(text, name);
  if (parsed.ok) throw new Error("expected an error");
  return parsed.error;
}

const SUITE = `package datastorage

import "testing"

func TestSuite(t *testing.T) {
	migrations := []string{
		"001_initial_setup.sql",
		"002_add_indices.sql", // trailing comment
		// "003_commented_out.sql",
		\`004_raw.sql\`, "005_two.sql",
		"1000_create_audit_events_partitions.sql",
	}
	_ = migrations
}
`;

describe("findStringLists", () => {
  it("reads the example suite", () => {
    const [list] = lists(SUITE);
    expect(list!.entries.map((e) => e.value)).toEqual([
      "001_initial_setup.sql",
      "002_add_indices.sql",
      "004_raw.sql",
      "005_two.sql",
      "1000_create_audit_events_partitions.sql",
    ]);
    expect(list!.name).toBe("migrations");
    expect(list!.line).toBe(6);
    expect(SUITE[list!.open]).toBe("{");
    expect(SUITE[list!.close]).toBe("}");
    expect(SUITE.slice(list!.close - 2, list!.close + 1)).toBe("\n\t}");
  });

  it("gives lines and offsets of each literal (quotes included)", () => {
    const [list] = lists(SUITE);
    expect(list!.entries.map((e) => e.line)).toEqual([7, 8, 10, 10, 11]);
    for (const e of list!.entries) {
      const literal = SUITE.slice(e.start, e.end);
      expect(literal).toMatch(/^(".*"|`.*`)$/s);
      expect(literal.slice(1, -1)).toBe(e.value);
    }
  });

  it("ignores line and block comments, also ones that look like entries or braces", () => {
    const text = `x := 1
migrations := []string{ // "nope.sql" }
	/* "also_nope.sql", } */ "a.sql",
	/*
	 "multi_line_nope.sql",
	*/
	"b.sql" /* "c.sql" */,
}`;
    expect(only(text)).toEqual(["a.sql", "b.sql"]);
  });

  it("does not treat // inside a string as a comment", () => {
    expect(only(`migrations := []string{"http://x/a.sql", "b/*c*/.sql"}`)).toEqual(["http://x/a.sql", "b/*c*/.sql"]);
  });

  it("reads raw strings, also ones spanning lines, and counts their lines", () => {
    const text = "migrations := []string{\n\t`one\ntwo.sql`,\n\t`x\\n.sql`,\n\t\"after.sql\",\n}";
    const [list] = lists(text);
    expect(list!.entries.map((e) => e.value)).toEqual(["one\ntwo.sql", "x\\n.sql", "after.sql"]);
    expect(list!.entries.map((e) => e.line)).toEqual([2, 4, 5]);
  });

  it("decodes Go escapes", () => {
    const text = String.raw`migrations := []string{
	"q\"uote.sql", "back\\slash.sql", "nl\n.sql", "tab\t.sql",
	"\x41\101.sql", "\u00fc\U0001F600.sql", "\xe2\x82\xac.sql", "\a\b\f\r\v",
}`;
    expect(only(text)).toEqual([
      'q"uote.sql',
      "back\\slash.sql",
      "nl\n.sql",
      "tab\t.sql",
      "AA.sql",
      "ü😀.sql",
      "€.sql",
      "\x07\b\f\r\v",
    ]);
  });

  it("rejects escapes Go rejects", () => {
    expect(error(`migrations := []string{\n"a\\q.sql"}`)).toMatchObject({ line: 2 });
    expect(error(`migrations := []string{\n\n"\\x4"}`)).toMatchObject({ line: 3 });
    expect(error(`migrations := []string{"\\uD800"}`).message).toMatch(/code point/);
    expect(error(`migrations := []string{"\\400"}`).message).toMatch(/255/);
  });

  it("does not start a string at a rune literal holding a quote", () => {
    const text = `func f() {
	q := '"'
	b := '\\''
	c := '\`'
	migrations := []string{"a.sql"}
	_ = "x" + string(q)
}`;
    const [list] = lists(text);
    expect(list!.entries.map((e) => e.value)).toEqual(["a.sql"]);
    expect(list!.line).toBe(5);
  });

  it("reads several entries per line, blank lines and trailing commas", () => {
    const text = `migrations := []string{

	"a.sql", "b.sql",   "c.sql",

	"d.sql",
}
other := []string{"x.sql", "y.sql",}`;
    expect(only(text)).toEqual(["a.sql", "b.sql", "c.sql", "d.sql"]);
    expect(only(text, "other")).toEqual(["x.sql", "y.sql"]);
  });

  it("reads one-line and empty lists", () => {
    expect(only(`migrations := []string{"a.sql", "b.sql"}`)).toEqual(["a.sql", "b.sql"]);
    expect(only(`migrations := []string{}`)).toEqual([]);
    expect(only(`migrations := []string{ /* none yet */ }`)).toEqual([]);
  });

  it("returns each list of a file on its own", () => {
    const text = `func TestA(t *testing.T) {
	migrations := []string{
		"001_a.sql",
	}
}

func TestB(t *testing.T) {
	migrations := []string{
		"001_a.sql",
		"002_b.sql",
	}
}
`;
    const found = lists(text);
    expect(found.map((l) => l.line)).toEqual([2, 8]);
    expect(found.map((l) => l.entries.map((e) => e.value))).toEqual([["001_a.sql"], ["001_a.sql", "002_b.sql"]]);
  });

  it("finds every assignment form", () => {
    const text = `package p

var migrations = []string{"var.sql"}
var migrations []string = []string{"typed.sql"}

var (
	other     = 1
	migrations = []string{
		"group.sql",
	}
)

func f() {
	migrations := []string{"short.sql"}
	migrations = []string{"assign.sql"}
}
`;
    expect(values(text)).toEqual([["var.sql"], ["typed.sql"], ["group.sql"], ["short.sql"], ["assign.sql"]]);
    expect(lists(text).map((l) => l.line)).toEqual([3, 4, 8, 14, 15]);
  });

  it("ignores other names, fields, comparisons and other types", () => {
    const text = `func f() {
	myMigrations := []string{"no.sql"}
	s.migrations = []string{"field.sql"}
	if migrations == nil {}
	migrations := []int{1}
	var migrations []string
	migrations = append(migrations, "x.sql")
	// migrations := []string{"commented.sql"}
	_ = "migrations := []string{\\"quoted.sql\\"}"
}`;
    expect(values(text)).toEqual([]);
  });

  it("uses the configured variable name", () => {
    const text = `files := []string{"a.sql"}\nmigrations := []string{"b.sql"}`;
    expect(only(text, "files")).toEqual(["a.sql"]);
  });

  it("reports non-literal elements as problems with their line", () => {
    const text = `migrations := []string{
	"a.sql",
	someName,
	fmt.Sprintf("%03d.sql", 2),
	"b" + ".sql",
	"c.sql",
}`;
    const parsed = findStringLists(text, "migrations");
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.lists[0]!.entries.map((e) => e.value)).toEqual(["a.sql", "c.sql"]);
    expect(parsed.problems.map((p) => p.line)).toEqual([3, 4, 5]);
    expect(parsed.problems[0]!.message).toMatch(/not a string literal: someName/);
    expect(parsed.problems[2]!.message).toMatch(/"b" \+ "\.sql"/);
  });

  it("reports malformed input with the right line", () => {
    expect(error(`migrations := []string{\n\t"a.sql",\n\t"b.sql,\n}`)).toEqual({
      line: 3,
      message: "unterminated string literal",
    });
    expect(error("migrations := []string{\n\t`a.sql,\n}")).toMatchObject({ line: 2, message: "unterminated raw string literal" });
    expect(error(`x := 1\n/* open\n\nmigrations := []string{}`)).toMatchObject({ line: 2, message: "unterminated block comment" });
    expect(error(`x := 1\ny := 'a\n`)).toMatchObject({ line: 2, message: "unterminated rune literal" });
    // Unbalanced brackets inside the list: where the wrong closer is...
    expect(error(`migrations := []string{\n\t"a.sql",\n\tf("b.sql"],\n}`)).toMatchObject({ line: 3 });
    // ...or, when the list never closes, where it opens.
    expect(error(`func f() {\n\tmigrations := []string{\n\t\t"a.sql",\n`)).toMatchObject({ line: 2 });
    expect(error(`migrations := []string{"a.sql",, "b.sql"}`).message).toMatch(/unexpected ','/);
  });

  it("does not care about malformed code outside strings and comments", () => {
    expect(only(`} ) ] migrations := []string{"a.sql"} {{ ?`)).toEqual(["a.sql"]);
  });
});

describe("tokenizeGo", () => {
  it("keeps multi-character operators together", () => {
    const text = "a := b == c != d <= e && f... <-g";
    const scanned = tokenizeGo(text);
    expect(scanned.ok).toBe(true);
    if (!scanned.ok) return;
    const ops = scanned.tokens.filter((t) => t.kind === "op").map((t) => text.slice(t.start, t.end));
    expect(ops).toEqual([":=", "==", "!=", "<=", "&&", "...", "<-"]);
  });

  it("reads numbers as one token", () => {
    const text = "x := 1.5e+10 + 0x1p-2 + 0x1e+2 + 1_000 + .5i";
    const scanned = tokenizeGo(text);
    if (!scanned.ok) throw new Error("tokenize failed");
    const numbers = scanned.tokens.filter((t) => t.kind === "number").map((t) => text.slice(t.start, t.end));
    expect(numbers).toEqual(["1.5e+10", "0x1p-2", "0x1e", "2", "1_000", ".5i"]);
  });
});

describe("conflict markers", () => {
  const list = 'var migrations = []string{\n\t"001_a.sql",\n}\n';
  it("are git's three marker lines in order, outside Go strings and comments", () => {
    const conflicted = `package x\n\n${list}<<<<<<< HEAD\nvar a = 1\n=======\nvar a = 2\n>>>>>>> other\n`;
    const parsed = findStringLists(conflicted, "migrations");
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatchObject({ line: 6, message: expect.stringContaining("conflict markers") });
  });

  it("leave a valid Go file alone when a raw string or a comment holds such lines", () => {
    const banner = "package x\n\nconst table = `\nname | version\n=======\nx    | 1\n`\n\n/*\n<<<<<<< a\n=======\n>>>>>>> b\n*/\n" + list;
    const parsed = findStringLists(banner, "migrations");
    expect(parsed.ok && parsed.lists.map((l) => l.entries.map((e) => e.value))).toEqual([["001_a.sql"]]);
    // A lone "=======" outside strings is a Go error, not a conflict.
    const lone = findStringLists(`package x\n\n${list}=======\n`, "migrations");
    expect(!lone.ok && lone.error.message).not.toContain("conflict");
  });
});
