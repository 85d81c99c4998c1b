import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rewriteNamed } from "../src/edit/suites.js";
import { goQuote, rewriteList } from "../src/model/gosuite-edit.js";
import { findStringLists, tokenizeGo, type SuiteList } from "../src/model/gosuite.js";

function listsOf(text: string, name = "migrations"): SuiteList[] {
  const parsed = findStringLists(text, name);
  if (!parsed.ok) throw new Error(`line ${parsed.error.line}: ${parsed.error.message}\n${text}`);
  return parsed.lists;
}

/** Rewrites the only list and checks the two promises every rewrite keeps. */
function rewrite(text: string, desired: string[]): string {
  const lists = listsOf(text);
  expect(lists).toHaveLength(1);
  const out = rewriteList(text, lists[0]!, desired);
  const after = listsOf(out);
  expect(after[0]!.entries.map((e) => e.value)).toEqual(desired);
  expect(rewriteList(out, after[0]!, desired)).toBe(out);
  return out;
}

const go = (lines: string[]): string => `${lines.join("\n")}\n`;

describe("rewriteList", () => {
  const base = go([
    "func TestSuite(t *testing.T) {",
    "\tmigrations := []string{",
    '\t\t"001_initial_setup.sql",',
    '\t\t"002_add_indices.sql", // indices',
    '\t\t// "003_commented_out.sql",',
    '\t\t"004_x.sql",',
    '\t\t"1000_create_audit_events_partitions.sql",',
    "\t}",
    "}",
  ]);
  const current = ["001_initial_setup.sql", "002_add_indices.sql", "004_x.sql", "1000_create_audit_events_partitions.sql"];

  it("returns the text unchanged when nothing changes", () => {
    expect(rewriteList(base, listsOf(base)[0]!, current)).toBe(base);
  });

  it("adds at the end, before a special last entry", () => {
    const desired = [...current.slice(0, 3), "005_y.sql", current[3]!];
    expect(rewrite(base, desired)).toBe(
      go([
        "func TestSuite(t *testing.T) {",
        "\tmigrations := []string{",
        '\t\t"001_initial_setup.sql",',
        '\t\t"002_add_indices.sql", // indices',
        '\t\t// "003_commented_out.sql",',
        '\t\t"004_x.sql",',
        '\t\t"005_y.sql",',
        '\t\t"1000_create_audit_events_partitions.sql",',
        "\t}",
        "}",
      ]),
    );
  });

  it("adds in the middle, right after the preceding entry's line", () => {
    const out = rewrite(base, ["001_initial_setup.sql", "002_add_indices.sql", "003_z.sql", ...current.slice(2)]);
    expect(out).toContain('\t\t"002_add_indices.sql", // indices\n\t\t"003_z.sql",\n\t\t// "003_commented_out.sql",\n');
  });

  it("adds at the start, before the first entry's line", () => {
    const out = rewrite(base, ["000_first.sql", ...current]);
    expect(out).toContain('\tmigrations := []string{\n\t\t"000_first.sql",\n\t\t"001_initial_setup.sql",\n');
  });

  it("removes an entry, keeping its trailing comment on the entry's line, and comment lines", () => {
    // Comments may be someone's unstaged notes: removing an entry never drops one.
    const out = rewrite(base, ["001_initial_setup.sql", "004_x.sql", "1000_create_audit_events_partitions.sql"]);
    expect(out).toBe(
      go([
        "func TestSuite(t *testing.T) {",
        "\tmigrations := []string{",
        '\t\t"001_initial_setup.sql",',
        "\t\t// indices",
        '\t\t// "003_commented_out.sql",',
        '\t\t"004_x.sql",',
        '\t\t"1000_create_audit_events_partitions.sql",',
        "\t}",
        "}",
      ]),
    );
  });

  it("keeps standalone comment lines and blank lines when removing around them", () => {
    const text = go([
      "migrations := []string{",
      '\t"a.sql",',
      "",
      "\t// MISSING: \"021_x.sql\"",
      '\t"b.sql",',
      "\t/* block",
      "\t   comment */",
      '\t"c.sql",',
      "}",
    ]);
    expect(rewrite(text, ["a.sql"])).toBe(
      go(["migrations := []string{", '\t"a.sql",', "", "\t// MISSING: \"021_x.sql\"", "\t/* block", "\t   comment */", "}"]),
    );
    expect(rewrite(text, [])).toBe(
      go(["migrations := []string{", "", "\t// MISSING: \"021_x.sql\"", "\t/* block", "\t   comment */", "}"]),
    );
  });

  it("removes one of several entries on a line, keeping the others' layout", () => {
    const text = go(["migrations := []string{", '\t"a.sql", "b.sql", "c.sql", // abc', '\t"d.sql",', "}"]);
    expect(rewrite(text, ["a.sql", "c.sql", "d.sql"])).toBe(
      go(["migrations := []string{", '\t"a.sql", "c.sql", // abc', '\t"d.sql",', "}"]),
    );
    // The line's trailing comment stays on the line.
    expect(rewrite(text, ["a.sql", "b.sql", "d.sql"])).toBe(go(["migrations := []string{", '\t"a.sql", "b.sql", // abc', '\t"d.sql",', "}"]));
  });

  it("keeps a space before a comment left right after '{'", () => {
    const text = go(['migrations := []string{"a.sql", // first', '\t"b.sql",', "}"]);
    expect(rewrite(text, ["b.sql"])).toBe(go(["migrations := []string{ // first", '\t"b.sql",', "}"]));
  });

  it("adds between two entries that share a line inline", () => {
    const text = go(["migrations := []string{", '\t"a.sql", "c.sql",', "}"]);
    expect(rewrite(text, ["a.sql", "b.sql", "c.sql"])).toBe(go(["migrations := []string{", '\t"a.sql", "b.sql", "c.sql",', "}"]));
  });

  it("reorders by moving as few entries as possible, each with its trailing comment", () => {
    const text = go([
      "migrations := []string{",
      '\t"003_c.sql", // late',
      "\t// about a",
      '\t"001_a.sql",',
      '\t"002_b.sql",',
      '\t"004_d.sql",',
      "}",
    ]);
    expect(rewrite(text, ["001_a.sql", "002_b.sql", "003_c.sql", "004_d.sql"])).toBe(
      go([
        "migrations := []string{",
        "\t// about a",
        '\t"001_a.sql",',
        '\t"002_b.sql",',
        '\t"003_c.sql", // late',
        '\t"004_d.sql",',
        "}",
      ]),
    );
  });

  it("reorders, removes and adds at once", () => {
    const text = go(["migrations := []string{", '\t"b.sql",', '\t"x.sql", // gone', '\t"a.sql",', '\t"c.sql",', "}"]);
    expect(rewrite(text, ["a.sql", "b.sql", "new.sql", "c.sql"])).toBe(
      go(["migrations := []string{", "\t// gone", '\t"a.sql",', '\t"b.sql",', '\t"new.sql",', '\t"c.sql",', "}"]),
    );
  });

  it("edits a one-line list inline", () => {
    expect(rewrite(`migrations := []string{"a.sql", "b.sql"}\n`, ["a.sql", "b.sql", "c.sql"])).toBe(
      `migrations := []string{"a.sql", "b.sql", "c.sql"}\n`,
    );
    expect(rewrite(`migrations := []string{"a.sql", "b.sql"}\n`, ["0.sql", "a.sql", "b.sql"])).toBe(
      `migrations := []string{"0.sql", "a.sql", "b.sql"}\n`,
    );
    expect(rewrite(`migrations := []string{"a.sql", "b.sql", "c.sql"}\n`, ["c.sql", "a.sql"])).toBe(
      `migrations := []string{"c.sql", "a.sql"}\n`,
    );
    expect(rewrite(`migrations := []string{"a.sql", "b.sql"}\n`, [])).toBe(`migrations := []string{}\n`);
    expect(rewrite(`migrations := []string{"a.sql"}\n`, ["z.sql"])).toBe(`migrations := []string{"z.sql"}\n`);
  });

  it("turns an empty list into a multi-line one, one tab deeper than the variable", () => {
    const text = go(["func f() {", "\tmigrations := []string{}", "}"]);
    expect(rewrite(text, ["a.sql", "b.sql"])).toBe(
      go(["func f() {", "\tmigrations := []string{", '\t\t"a.sql",', '\t\t"b.sql",', "\t}", "}"]),
    );
  });

  it("fills a multi-line list that has nothing left but comments", () => {
    const text = go(["migrations := []string{ // the list", "\t// none yet", "}"]);
    expect(rewrite(text, ["a.sql"])).toBe(go(["migrations := []string{ // the list", "\t// none yet", '\t"a.sql",', "}"]));
  });

  it("writes new entries in the quote style of their neighbours", () => {
    const text = go(["migrations := []string{", "\t`a.sql`,", "\t`c.sql`,", "}"]);
    expect(rewrite(text, ["a.sql", "b.sql", "c.sql", 'd"q.sql', "e`tick.sql"])).toBe(
      go(["migrations := []string{", "\t`a.sql`,", "\t`b.sql`,", "\t`c.sql`,", "\t`d\"q.sql`,", '\t"e`tick.sql",', "}"]),
    );
    const quoted = go(["migrations := []string{", '\t"a.sql",', "}"]);
    expect(rewrite(quoted, ["a.sql", 'b"\\\n.sql'])).toBe(go(["migrations := []string{", '\t"a.sql",', '\t"b\\"\\\\\\n.sql",', "}"]));
  });

  it("keeps the exact text of entries that stay", () => {
    const text = go(["migrations := []string{", '\t"\\x61.sql",', "\t`b.sql`,", "}"]);
    expect(rewrite(text, ["a.sql", "b.sql", "c.sql"])).toBe(
      go(["migrations := []string{", '\t"\\x61.sql",', "\t`b.sql`,", "\t`c.sql`,", "}"]),
    );
  });

  it("handles a '}' on the last entry's line and an entry on the '{' line", () => {
    const text = go(["migrations := []string{\"a.sql\",", '\t"b.sql"}']);
    expect(rewrite(text, ["a.sql", "b.sql", "c.sql"])).toBe(go(["migrations := []string{\"a.sql\",", '\t"b.sql", "c.sql"}']));
    expect(rewrite(text, ["0.sql", "a.sql", "b.sql"])).toBe(go(["migrations := []string{\"0.sql\", \"a.sql\",", '\t"b.sql"}']));
    // All that is left sits on the '{' line: the '}' joins it, as gofmt writes it.
    expect(rewrite(text, ["a.sql"])).toBe(go(['migrations := []string{"a.sql"}']));
    expect(rewrite(text, ["b.sql"])).toBe(go(["migrations := []string{", '\t"b.sql"}']));
  });

  it("keeps a moved // comment from swallowing what follows", () => {
    const text = go(["migrations := []string{", '\t"a.sql", // about a', '\t"b.sql"}']);
    const out = rewrite(text, ["b.sql", "a.sql"]);
    expect(out).toBe(go(["migrations := []string{", '\t"b.sql", "a.sql", // about a', "}"]));
  });

  it("leaves non-literal elements where they are", () => {
    const text = go(["migrations := []string{", '\t"a.sql",', "\tgenerated(),", '\t"b.sql",', "}"]);
    expect(rewrite(text, ["b.sql", "c.sql"])).toBe(go(["migrations := []string{", "\tgenerated(),", '\t"b.sql",', '\t"c.sql",', "}"]));
  });

  it("handles duplicate values", () => {
    const text = go(["migrations := []string{", '\t"a.sql",', '\t"a.sql",', '\t"b.sql",', "}"]);
    expect(rewrite(text, ["a.sql", "b.sql"])).toBe(go(["migrations := []string{", '\t"a.sql",', '\t"b.sql",', "}"]));
    expect(rewrite(text, ["a.sql", "b.sql", "a.sql", "a.sql"])).toBe(
      go(["migrations := []string{", '\t"a.sql",', '\t"b.sql",', '\t"a.sql",', '\t"a.sql",', "}"]),
    );
  });

  it("throws when the list does not belong to the text", () => {
    const text = `migrations := []string{"a.sql"}`;
    const [list] = listsOf(text);
    expect(() => rewriteList(`x${text}`, list!, ["b.sql"])).toThrow(/does not match/);
  });
});

describe("rewriteNamed", () => {
  it("rewrites every list of that name, each with its own desired entries", () => {
    const text = go([
      "func TestA(t *testing.T) {",
      "\tmigrations := []string{",
      '\t\t"001_a.sql",',
      "\t}",
      "}",
      "",
      "func TestB(t *testing.T) {",
      "\tmigrations := []string{\"001_a.sql\"}",
      "}",
    ]);
    const seen: number[] = [];
    const out = rewriteNamed(text, "migrations", (values, k) => {
      seen.push(k);
      return [...values, `00${k + 2}_new.sql`];
    });
    expect(seen).toEqual([0, 1]);
    expect(out).toBe(
      go([
        "func TestA(t *testing.T) {",
        "\tmigrations := []string{",
        '\t\t"001_a.sql",',
        '\t\t"002_new.sql",',
        "\t}",
        "}",
        "",
        "func TestB(t *testing.T) {",
        '\tmigrations := []string{"001_a.sql", "003_new.sql"}',
        "}",
      ]),
    );
  });

  it("throws on a file that is not Go", () => {
    expect(() => rewriteNamed('migrations := []string{"a', "migrations", () => [])).toThrow(/line 1/);
  });
});

describe("goQuote", () => {
  it("escapes what Go needs escaped", () => {
    expect(goQuote('a"b\\c\n\t\x00\x7f\uFEFFü')).toBe('"a\\"b\\\\c\\n\\t\\x00\\x7f\\uFEFFü"');
    expect(goQuote("a.sql", true)).toBe("`a.sql`");
    expect(goQuote("a`.sql", true)).toBe('"a`.sql"');
  });
});

// --- property test -----------------------------------------------------------

const fileName = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.integer({ min: 1, max: 1200 }), fc.stringMatching(/^[a-z_]{1,8}$/)).map(([n, s]) => `${String(n).padStart(3, "0")}_${s}.sql`) },
  { weight: 1, arbitrary: fc.constantFrom('quo"te.sql', "back\\slash.sql", "tick`.sql", "ümlaut.sql", "tab\there.sql", "// not a comment.sql") },
);

// A Go comment that may itself look like an entry or a brace.
const comment = fc.constantFrom('// "999_fake.sql",', "// MISSING: 021_x.sql }", "/* { */", '/* "x.sql", */', "/* two\n\t   lines */");

type Line =
  | { kind: "entries"; values: { value: string; raw: boolean }[]; comment?: string }
  | { kind: "comment"; text: string }
  | { kind: "blank" };

const line: fc.Arbitrary<Line> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("entries" as const),
      values: fc.array(fc.record({ value: fileName, raw: fc.boolean() }), { minLength: 1, maxLength: 3 }),
      comment: fc.option(comment, { nil: undefined }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("comment" as const), text: comment }) },
  { weight: 1, arbitrary: fc.constant({ kind: "blank" as const }) },
);

interface Layout {
  lines: Line[];
  shape: "lines" | "oneLine" | "closeOnLastLine" | "openOnFirstLine";
  indent: string;
}

const layout: fc.Arbitrary<Layout> = fc.record({
  lines: fc.array(line, { maxLength: 8 }),
  shape: fc.constantFrom("lines", "oneLine", "closeOnLastLine", "openOnFirstLine"),
  indent: fc.constantFrom("\t", "\t\t", "    "),
});

function literal(v: { value: string; raw: boolean }): string {
  return goQuote(v.value, v.raw);
}

function render({ lines, shape, indent }: Layout): string {
  const entryLines = lines.filter((l) => l.kind === "entries");
  let body: string;
  if (shape === "oneLine") {
    body = entryLines.flatMap((l) => l.values.map(literal)).join(", ");
  } else {
    const rendered = lines.map((l) => {
      if (l.kind === "blank") return "";
      if (l.kind === "comment") return indent + l.text;
      const text = indent + l.values.map((v) => `${literal(v)},`).join(" ");
      return l.comment ? `${text} ${l.comment}` : text;
    });
    body = `\n${rendered.join("\n")}\n`;
    const last = lines.at(-1);
    if (shape === "closeOnLastLine" && last?.kind === "entries" && !last.comment) body = body.replace(/,\n$/, "");
    if (shape === "openOnFirstLine" && lines[0]?.kind === "entries") body = body.replace(/^\n\s*/, "");
  }
  return `package p\n\nfunc TestA(t *testing.T) {\n\tmigrations := []string{${body}}\n\tother := []string{"keep.sql"}\n}\n`;
}

/**
 * Go ends a line after a literal with a semicolon, so a literal must be
 * followed by a comma, or by '}' with no line break before it.
 */
function expectCommasGoAccepts(text: string, list: SuiteList): void {
  const scanned = tokenizeGo(text);
  if (!scanned.ok) throw new Error(scanned.error.message);
  const code = scanned.tokens.filter((t) => t.kind !== "comment");
  for (const e of list.entries) {
    const next = code[code.findIndex((t) => t.start === e.start) + 1]!;
    const follower = text.slice(next.start, next.end);
    if (follower !== ",") {
      expect(follower).toBe("}");
      expect(text.slice(e.end, next.start)).not.toContain("\n");
    }
  }
}

describe("rewriteList property", () => {
  it("yields exactly the desired entries, touches nothing outside the braces, and is idempotent", () => {
    const scenario = layout.chain((l) => {
      const existing = l.lines.flatMap((x) => (x.kind === "entries" ? x.values.map((v) => v.value) : []));
      const pick = existing.length > 0 ? fc.oneof(fc.constantFrom(...existing), fileName) : fileName;
      const desired = fc.oneof(
        fc.array(pick, { maxLength: 12 }),
        fc.shuffledSubarray(existing), // pure removals and reorders
      );
      return fc.tuple(fc.constant(l), desired);
    });
    fc.assert(
      fc.property(scenario, ([l, desired]) => {
        const text = render(l);
        const [list] = listsOf(text);
        const out = rewriteList(text, list!, desired);

        const [after] = listsOf(out);
        const [other] = listsOf(text, "other");
        const [otherAfter] = listsOf(out, "other");
        expect(after!.entries.map((e) => e.value)).toEqual(desired);
        expect(otherAfter!.entries.map((e) => e.value)).toEqual(other!.entries.map((e) => e.value));
        const parsed = findStringLists(out, "migrations");
        expect(parsed.ok && parsed.problems).toEqual([]);

        expectCommasGoAccepts(out, after!);

        // Nothing outside the braces changed.
        expect(out.slice(0, list!.open + 1)).toBe(text.slice(0, list!.open + 1));
        expect(out.slice(after!.close)).toBe(text.slice(list!.close));

        // Standalone comment lines are all still there.
        for (const x of l.lines) if (x.kind === "comment" && l.shape !== "oneLine") expect(out).toContain(x.text);

        // Entries that stay keep their literal text: the k-th occurrence of a
        // value that was there is the k-th original occurrence.
        const literals = new Map<string, string[]>();
        for (const e of list!.entries) literals.set(e.value, [...(literals.get(e.value) ?? []), text.slice(e.start, e.end)]);
        for (const e of after!.entries) {
          const was = literals.get(e.value)?.shift();
          if (was !== undefined) expect(out.slice(e.start, e.end)).toBe(was);
        }

        // A second rewrite to the same list changes nothing.
        expect(rewriteList(out, after!, desired)).toBe(out);
      }),
      { numRuns: Number(process.env.MIGHOOK_FUZZ_RUNS ?? 500), seed: Number(process.env.MIGHOOK_FUZZ_SEED ?? 20251212) },
    );
  });
});
