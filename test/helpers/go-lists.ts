// Random Go suite files for the list editor's property tests: `[]string{...}`
// lists with comments in every position (before and after entries, between a
// literal and its comma, on their own lines; block and line comments), blank
// lines, raw strings, several entries per line, one-line lists; and random
// unstaged edits made on top of such a file.
//
// Every comment carries a unique number, so "no comment was dropped" is a
// multiset comparison of comment texts.
import fc from "fast-check";
import type { SetConfig } from "../../src/config/types.js";
import { findStringLists, tokenizeGo } from "../../src/model/gosuite.js";

export const SUITE = "suite_test.go";

export type Item =
  | { kind: "entry"; value: string; raw: boolean; inner: boolean } // inner: `"x" /* c */,`
  | { kind: "block" };

export interface Line {
  items: Item[];
  /** a `// comment` ends the line */
  lineComment: boolean;
}

export interface ListShape {
  /** the whole list on the `{` line: `[]string{"a", "b"}` */
  oneLine: boolean;
  /** the first line's items sit on the `{` line */
  onOpenLine: boolean;
  /** `"last"}`: the `}` right after the last line instead of on its own */
  closeOnLastLine: boolean;
  /** null: a blank line */
  lines: Array<Line | null>;
}

export interface SuiteCase {
  files: string[];
  skip: string[];
  lists: ListShape[];
  edits: Edit[];
}

/** An unstaged edit, made on the working-tree copy; positions are fractions, resolved on the text. */
export type Edit =
  | { kind: "comment"; at: number; line: boolean } // a comment between two tokens of a list (line: on a line of its own)
  | { kind: "entry"; at: number; name: string } // a new entry line
  | { kind: "drop"; at: number } // an entry line deleted (only when the line holds just that entry)
  | { kind: "outside"; top: boolean }; // a line outside the lists

const version = fc.integer({ min: 1, max: 30 });
const word = fc.constantFrom("a", "users", "status_reason");

const filesArb = fc
  .uniqueArray(
    fc.oneof(
      { weight: 8, arbitrary: fc.tuple(version, word).map(([v, w]) => `${String(v).padStart(3, "0")}_${w}.sql`) },
      { weight: 1, arbitrary: word.map((w) => `1000_${w}.sql`) },
    ),
    { maxLength: 10 },
  )
  .map((files) => files.sort());

function lineArb(value: fc.Arbitrary<string>): fc.Arbitrary<Line> {
  const item: fc.Arbitrary<Item> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant("entry" as const), value, raw: fc.boolean(), inner: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("block" as const) }) },
  );
  return fc.record({
    items: fc.oneof({ weight: 4, arbitrary: fc.array(item, { minLength: 1, maxLength: 1 }) }, { weight: 2, arbitrary: fc.array(item, { maxLength: 4 }) }),
    lineComment: fc.boolean(),
  });
}

export function caseArb(): fc.Arbitrary<SuiteCase> {
  return filesArb.chain((files) => {
    const names = [...files, "099_gone.sql", "019_typo.sql"];
    const value = fc.tuple(fc.constantFrom(...names), fc.boolean()).map(([n, prefixed]) => (prefixed ? `../../migrations/${n}` : n));
    const list: fc.Arbitrary<ListShape> = fc.record({
      oneLine: fc.boolean(),
      onOpenLine: fc.boolean(),
      closeOnLastLine: fc.boolean(),
      lines: fc.array(fc.option(lineArb(value), { freq: 5, nil: null }), { maxLength: 10 }),
    });
    const edit: fc.Arbitrary<Edit> = fc.oneof(
      fc.record({ kind: fc.constant("comment" as const), at: fc.double({ min: 0, max: 1, noNaN: true }), line: fc.boolean() }),
      fc.record({ kind: fc.constant("entry" as const), at: fc.double({ min: 0, max: 1, noNaN: true }), name: fc.constantFrom(...names, "002_users.sql") }),
      fc.record({ kind: fc.constant("drop" as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
      fc.record({ kind: fc.constant("outside" as const), top: fc.boolean() }),
    );
    return fc.record({
      files: fc.constant(files),
      skip: fc.subarray(files),
      lists: fc.array(list, { minLength: 1, maxLength: 2 }),
      edits: fc.array(edit, { maxLength: 4 }),
    });
  });
}

/** The Go file of a case: one function per list. */
export function suiteText(c: SuiteCase): string {
  let n = 0; // comment numbers, unique in the file
  const block = () => `/* c${n++} */`;
  const literal = (i: Extract<Item, { kind: "entry" }>) => (i.raw ? `\`${i.value}\`` : JSON.stringify(i.value));
  const itemText = (i: Item, comma: boolean) =>
    i.kind === "block" ? block() : `${literal(i)}${i.inner ? ` ${block()}` : ""}${comma ? "," : ""}`;
  const fns = c.lists.map((shape, k) => {
    const lines = shape.lines.filter((l): l is Line => l !== null);
    let body: string;
    if (shape.oneLine) {
      // No line comments, no line breaks; the last entry has no comma.
      const items = lines.flatMap((l) => l.items);
      const lastEntry = items.findLastIndex((i) => i.kind === "entry");
      body = items.map((i, x) => itemText(i, x !== lastEntry)).join(" ");
    } else {
      const texts = shape.lines.map((l) => (l === null ? "" : [...l.items.map((i) => itemText(i, true)), ...(l.lineComment ? [`// l${n++}`] : [])].join(" ")));
      // A line with nothing on it is a blank line.
      let out = "";
      texts.forEach((t, x) => {
        out += x === 0 && shape.onOpenLine && t !== "" ? t : `\n\t\t${t}`.replace(/\t+$/, "");
      });
      const lastLine = shape.lines.at(-1);
      const closeHere = shape.closeOnLastLine && lastLine && !lastLine.lineComment && lastLine.items.length > 0;
      body = closeHere ? out : `${out}\n\t`;
    }
    return `func f${k}() {\n\tmigrations := []string{${body}}\n\t_ = migrations\n}\n`;
  });
  return `package suite\n\n${fns.join("\n")}`;
}

/** The working-tree copy: the case's unstaged edits made on `text` (the index's copy). */
export function withEdits(text: string, edits: Edit[]): string {
  let out = text;
  let n = 0;
  for (const edit of edits) {
    const parsed = findStringLists(out, "migrations");
    if (!parsed.ok || parsed.lists.length === 0) break;
    if (edit.kind === "outside") {
      out = edit.top ? out.replace("package suite\n", `package suite\n\n// u${n++} unstaged\n`) : `${out}\n// u${n++} unstaged\n`;
      continue;
    }
    // Gaps between tokens inside some list's braces.
    const gaps: Array<{ at: number; lineStart: boolean }> = [];
    const entryLines: Array<{ from: number; to: number }> = [];
    for (const list of parsed.lists) {
      const body = out.slice(list.open + 1, list.close);
      const scanned = tokenizeGo(body);
      if (!scanned.ok) continue;
      const base = list.open + 1;
      let prevEnd = 0;
      let afterLineComment = false;
      for (const t of [...scanned.tokens, { start: body.length, end: body.length, kind: "end" }]) {
        // Not inside a `// comment`, which runs to the end of its line.
        if (!afterLineComment) gaps.push({ at: base + prevEnd, lineStart: false });
        const nl = body.lastIndexOf("\n", t.start - 1);
        if (nl >= prevEnd) gaps.push({ at: base + nl, lineStart: true });
        prevEnd = t.end;
        afterLineComment = t.kind === "comment" && body.startsWith("//", t.start);
      }
      // Lines that hold one entry and its comma, nothing else.
      for (const m of body.matchAll(/\n[ \t]*("[^"\n]*"|`[^`\n]*`),(?=\n)/g)) entryLines.push({ from: base + m.index, to: base + m.index + m[0].length });
    }
    const pick = <T>(xs: T[], at: number): T | undefined => xs[Math.min(xs.length - 1, Math.floor(at * xs.length))];
    if (edit.kind === "comment") {
      const lineStarts = gaps.filter((g) => g.lineStart);
      const gap = pick(edit.line && lineStarts.length ? lineStarts : gaps, edit.at);
      if (!gap) continue;
      const insert = gap.lineStart ? `\n\t\t// u${n++}` : ` /* u${n++} */ `;
      out = out.slice(0, gap.at) + insert + out.slice(gap.at);
    } else if (edit.kind === "entry") {
      const lineStarts = gaps.filter((g) => g.lineStart);
      const gap = pick(lineStarts, edit.at);
      if (!gap) continue;
      // Only where a new line with an entry is valid Go: after a comma or the '{'.
      const before = out.slice(0, gap.at).trimEnd();
      if (!before.endsWith(",") && !before.endsWith("{")) continue;
      out = `${out.slice(0, gap.at)}\n\t\t${JSON.stringify(edit.name)},${out.slice(gap.at)}`;
    } else {
      const line = pick(entryLines, edit.at);
      if (!line) continue;
      out = out.slice(0, line.from) + out.slice(line.to);
    }
  }
  return out;
}

export function setOf(c: SuiteCase): SetConfig {
  return {
    name: "m",
    dir: "migrations",
    format: "goose",
    special: ["1000_*.sql"],
    skip: Object.fromEntries(c.skip.map((f) => [f, "on purpose"])),
    suites: [{ file: SUITE, list: "migrations" }],
    requireDown: true,
  } as SetConfig;
}

/** Every comment of the text, as written (a multiset, sorted). */
export function commentsOf(text: string): string[] {
  const scanned = tokenizeGo(text);
  if (!scanned.ok) throw new Error(`not Go: ${scanned.error.message}`);
  return scanned.tokens.filter((t) => t.kind === "comment").map((t) => text.slice(t.start, t.end)).sort();
}

/** The text with every `migrations` list's braces emptied: what an edit must never change. */
export function outsideLists(text: string): string {
  const parsed = findStringLists(text, "migrations");
  if (!parsed.ok) throw new Error(`not Go: ${parsed.error.message}`);
  let out = text;
  for (const list of [...parsed.lists].reverse()) out = `${out.slice(0, list.open + 1)}${out.slice(list.close)}`;
  return out;
}

/** Entry names of each list. */
export function listNames(text: string): string[][] {
  const parsed = findStringLists(text, "migrations");
  if (!parsed.ok) throw new Error(`not Go: ${parsed.error.message}`);
  return parsed.lists.map((l) => l.entries.map((e) => e.value.slice(e.value.lastIndexOf("/") + 1)));
}
