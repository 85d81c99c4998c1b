// The goose port (src/model/goose.ts) against a reference whose verdicts come
// from goose itself: a second, deliberately plain transliteration of goose's
// ParseSQLMigration (pressly/goose, internal/sqlparser/parser.go, with its
// extractAnnotation), run once per direction as goose runs it. goose can't be
// built on these machines; its own test cases and the ones issue 10 added are
// kept as files in test/corpus/goose, which test/goose.test.ts checks.
//
// The reference follows goose's Go line by line and shares no code with the
// port: a file is accepted iff both of goose's passes succeed, and the Up and
// Down statements are what those passes return.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseGoose } from "../src/model/goose.js";

const RUNS = Number(process.env.MIGHOOK_FUZZ_RUNS ?? process.env.MIGHOOK_PROPERTY_RUNS ?? 400);
const SEED = Number(process.env.MIGHOOK_FUZZ_SEED ?? 20251210);

// ---- the reference: goose's Go, transliterated ----

// unicode.IsSpace (what strings.TrimSpace and bufio.ScanWords use).
const isGoSpace = (c: string) => /^[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]$/u.test(c);
function goTrimSpace(s: string): string {
  const chars = [...s];
  let a = 0;
  let b = chars.length;
  while (a < b && isGoSpace(chars[a]!)) a++;
  while (b > a && isGoSpace(chars[b - 1]!)) b--;
  return chars.slice(a, b).join("");
}
// bufio.ScanLines: lines split at \n, one trailing \r dropped from each, no empty last line.
function scanLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf("\n", start);
    const end = nl === -1 ? text.length : nl;
    let line = text.slice(start, end);
    if (line.endsWith("\r")) line = line.slice(0, -1);
    lines.push(line);
    start = end + 1;
  }
  return lines;
}
// bufio.ScanWords.
const scanWords = (line: string) => [...line].reduce<string[]>((words, c, i, all) => {
  if (isGoSpace(c)) return words;
  if (i === 0 || isGoSpace(all[i - 1]!)) words.push(c);
  else words[words.length - 1] += c;
  return words;
}, []);
function endsWithSemicolon(line: string): boolean {
  let prev = "";
  for (const word of scanWords(line)) {
    if (word.startsWith("--")) break;
    prev = word;
  }
  return prev.endsWith(";");
}
// strings.EqualFold against ASCII: Go's simple folding orbits add only K (U+212A) and ſ (U+017F).
function equalFold(s: string, t: string): boolean {
  const a = [...s];
  if (a.length !== t.length) return false;
  return a.every((c, i) => {
    const want = t[i]!.toLowerCase();
    if (c.toLowerCase() === want && c.charCodeAt(0) < 128) return true;
    return (want === "k" && c === "\u212A") || (want === "s" && c === "\u017F");
  });
}
const ANNOTATIONS = ["Up", "Down", "StatementBegin", "StatementEnd", "NO TRANSACTION", "ENVSUB ON", "ENVSUB OFF"];
function extractAnnotation(line: string): string {
  if (line.startsWith(" ") || line.startsWith("\t")) throw new Error("leading whitespace");
  let cmd = line.split("--").join("");
  const at = cmd.indexOf("+goose");
  if (at !== -1) cmd = cmd.slice(0, at) + cmd.slice(at + "+goose".length);
  if (cmd.includes("+goose")) throw new Error("multiple +goose");
  cmd = goTrimSpace(cmd);
  if (cmd === "") throw new Error("empty annotation");
  const found = ANNOTATIONS.find((a) => equalFold(cmd, a));
  if (!found) throw new Error("unknown annotation");
  return found;
}

const enum S { start, up, beginUp, endUp, down, beginDown, endDown }

function gooseParse(text: string, direction: "up" | "down"): string[] {
  let state = S.start;
  let buf = "";
  const stmts: string[] = [];
  for (const line of scanLines(text)) {
    if (state === S.start && goTrimSpace(line) === "") continue;
    if (goTrimSpace(line).startsWith("--") && line.includes("+goose")) {
      const cmd = extractAnnotation(line);
      if (cmd === "Up") {
        if (state !== S.start) throw new Error("duplicate Up");
        state = S.up;
        continue;
      }
      if (cmd === "Down") {
        if (state !== S.up && state !== S.endUp) throw new Error("must start with Up");
        if (goTrimSpace(buf) !== "") throw new Error("missing semicolon");
        state = S.down;
        continue;
      }
      if (cmd === "StatementBegin") {
        if (state === S.up || state === S.endUp) state = S.beginUp;
        else if (state === S.down || state === S.endDown) state = S.beginDown;
        else throw new Error("StatementBegin outside a section");
        continue;
      }
      if (cmd === "StatementEnd") {
        if (state === S.beginUp) state = S.endUp;
        else if (state === S.beginDown) state = S.endDown;
        else throw new Error("StatementEnd without StatementBegin");
      } else continue; // NO TRANSACTION, ENVSUB ON/OFF
    }
    if (buf === "" && (goTrimSpace(line).startsWith("--") || line === "")) continue;
    if (state !== S.endUp && state !== S.endDown) buf += `${line}\n`;
    if (state === S.up || state === S.beginUp || state === S.endUp) {
      if (direction === "down") {
        buf = "";
        continue;
      }
    } else if (state === S.down || state === S.beginDown || state === S.endDown) {
      if (direction === "up") {
        buf = "";
        continue;
      }
    } else throw new Error(`unexpected state ${state}`);
    if ((state === S.up || state === S.down) && endsWithSemicolon(line)) {
      stmts.push(goTrimSpace(buf));
      buf = "";
    } else if (state === S.endUp || state === S.endDown) {
      stmts.push(goTrimSpace(buf));
      buf = "";
      state = state === S.endUp ? S.up : S.down;
    }
  }
  if (state === S.start) throw new Error("must start with Up");
  if (state === S.beginUp || state === S.beginDown) throw new Error("missing StatementEnd");
  if (goTrimSpace(buf) !== "") throw new Error("missing semicolon");
  return stmts;
}

/** goose's verdict: both passes succeed, with their statements; or the first pass's error. */
function reference(text: string): { ok: true; up: string[]; down: string[] } | { ok: false; error: string } {
  try {
    return { ok: true, up: gooseParse(text, "up"), down: gooseParse(text, "down") };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

// ---- generated files ----

const UNICODE_SPACES = ["\u00A0", "\u2003", "\u3000", "\u0085", "\u202F", "\uFEFF", "\u200B"];
const name = fc.constantFrom(...ANNOTATIONS, "UP", "down", "statementbegin", "STATEMENTEND", "no transaction", "NO  TRANSACTION", "\u017FtatementBegin", "Upp", "", "Begin");
const gap = fc.constantFrom(" ", "", "  ", "\t", ...UNICODE_SPACES);
const annotation = fc
  .tuple(fc.constantFrom("", "", "", " ", "\t", "\u00A0"), fc.constantFrom("--", "-- ", "---", "--\t"), fc.constantFrom("+goose", "+goose", "+GOOSE", "+goose +goose"), gap, name, gap)
  .map(([lead, dashes, marker, a, n, b]) => `${lead}${dashes}${marker}${a}${n}${b}`);
const sql = fc.constantFrom(
  "SELECT 1;",
  "SELECT 1",
  "CREATE TABLE t (",
  "  id int",
  ");",
  "SELECT 1; -- done",
  "SELECT 1;-- done",
  "SELECT 'a -- b';",
  "SELECT ';'",
  "END;",
  "END ;",
  "x;\u00A0",
  "-- a comment",
  "  -- indented comment",
  "-- mentions +goose here",
  "/* block; */",
  "SELECT 1; SELECT 2;",
  "",
  "   ",
  "\t",
  "\u3000",
);
// A well-formed skeleton (sections of statements, blocks, comments) written
// with annotation spellings goose accepts in any case and spacing, and then,
// in part of the files, hostile lines dropped in anywhere: so that many files
// pass and their statements are compared, and the rest fail in every way.
const spelled = (annotationName: string) =>
  fc
    .tuple(fc.constantFrom(annotationName, annotationName.toUpperCase(), annotationName.toLowerCase()), fc.constantFrom(" ", " ", "  ", "\t", "\u00A0"), fc.constantFrom("", "", " ", "\u3000", "\t"))
    .map(([n, a, b]) => `-- +goose${a}${n}${b}`);
const block = fc
  .tuple(spelled("StatementBegin"), fc.array(sql, { maxLength: 4 }), spelled("StatementEnd"))
  .map(([begin, body, end]) => [begin, ...body, end]);
const item = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(["SELECT 1;"], ["INSERT INTO t VALUES (1); -- c"], ["CREATE TABLE t (", "  id int", ");"], ["SELECT 1 ;"], ["-- a comment"], [""], ["  "]) },
  { weight: 2, arbitrary: block },
  { weight: 1, arbitrary: fc.oneof(spelled("NO TRANSACTION"), spelled("ENVSUB ON"), spelled("ENVSUB OFF")).map((l) => [l]) },
);
const section = (head: string) =>
  fc.tuple(spelled(head), fc.array(item, { maxLength: 5 })).map(([annotationLine, items]) => [annotationLine, ...items.flat()]);
const hostile = fc.oneof(annotation, sql);
const file = fc
  .tuple(
    fc.array(fc.constantFrom("", "-- leading comment"), { maxLength: 2 }),
    section("Up"),
    fc.option(section("Down"), { nil: undefined }),
    fc.array(fc.tuple(hostile, fc.nat()), { maxLength: 3 }),
    fc.boolean(),
    fc.constantFrom("\n", "\n", "\r\n"),
    fc.constantFrom("", "\n"),
    fc.constantFrom("", "", "", "", "\uFEFF"),
  )
  .map(([before, up, down, inserts, hostileFile, eol, last, bom]) => {
    const lines = [...before, ...up, ...(down ?? [])];
    if (hostileFile) for (const [l, at] of inserts) lines.splice(at % (lines.length + 1), 0, l);
    return bom + lines.join(eol) + last;
  });

describe("parseGoose agrees with goose's own algorithm", () => {
  it("on generated files: same verdict, same Up and Down statements, never a throw", () => {
    const verdicts = { accepted: 0, rejected: 0, statements: 0 };
    fc.assert(
      fc.property(file, (text) => {
        // The port gets the text as mighook decodes it: CRLF as LF, the BOM kept.
        const parsed = parseGoose(text.replaceAll("\r\n", "\n"));
        const goose = reference(text);
        expect(parsed.problems.length === 0, `goose: ${goose.ok ? "accepts" : goose.error}`).toBe(goose.ok);
        verdicts[goose.ok ? "accepted" : "rejected"]++;
        if (goose.ok) {
          verdicts.statements += goose.up.length + goose.down.length;
          expect(parsed.up?.statements.map((s) => s.text) ?? []).toEqual(goose.up);
          expect(parsed.down?.statements.map((s) => s.text) ?? []).toEqual(goose.down);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // The generator reaches both verdicts, with statements to compare.
    expect(verdicts.accepted).toBeGreaterThan(RUNS / 10);
    expect(verdicts.rejected).toBeGreaterThan(RUNS / 10);
    expect(verdicts.statements).toBeGreaterThan(RUNS / 4);
  });

  it("on any text at all: never throws, and an accepted file's statements are its own lines", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (junk) => {
        const text = `-- +goose Up\n${junk}`;
        const parsed = parseGoose(text);
        for (const section of [parsed.up, parsed.down])
          for (const s of section?.statements ?? []) if (s.text) expect(text).toContain(s.text.split("\n")[0]!);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
