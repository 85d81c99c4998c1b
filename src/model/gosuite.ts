// Reads the hand-maintained migration lists of Go integration test suites:
//
//	migrations := []string{
//		"001_initial_setup.sql",
//		"002_add_indices.sql", // trailing comment
//	}
//
// Lines of Go are not regular: a commented-out entry is not an entry, a string
// may hold "//", a rune may be '"', a raw string may span lines. So this is a
// small but real Go tokenizer plus a pattern match over its tokens, not a set
// of regexes over lines.

import { decodePath } from "../path-bytes.js";

export interface SuiteEntry {
  value: string; // decoded string value
  line: number; // 1-based line of the literal
  start: number; // offset of the literal's first char (the quote) in text
  end: number; // offset just past the closing quote
}

export interface SuiteList {
  name: string; // variable name
  line: number; // 1-based line of the variable name at the assignment
  open: number; // offset of '{'
  close: number; // offset of the matching '}'
  entries: SuiteEntry[];
}

export interface GoProblem {
  line: number;
  message: string;
  /** how to fix it, when it isn't "fix the Go syntax" */
  hint?: string;
}

export type GoParse =
  | { ok: true; lists: SuiteList[]; problems: GoProblem[] } // problems: e.g. non-literal elements
  | { ok: false; error: GoProblem }; // the file can't be tokenized

export type GoTokenKind = "ident" | "number" | "string" | "rune" | "op" | "comment";

export interface GoToken {
  kind: GoTokenKind;
  start: number;
  end: number;
  line: number; // 1-based line of the token's first character
  value?: string; // decoded value, for kind "string" only
}

export type GoTokens = { ok: true; tokens: GoToken[] } | { ok: false; error: GoProblem };

class GoSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** Splits Go source into tokens (comments included, whitespace dropped). */
export function tokenizeGo(text: string): GoTokens {
  try {
    return { ok: true, tokens: scan(text) };
  } catch (e) {
    if (e instanceof GoSyntaxError) return { ok: false, error: { line: e.line, message: e.message } };
    throw e;
  }
}

// Longest first, so that "==" is never read as "=" followed by "=" (and ":="
// stays one token, which the assignment pattern relies on).
const OPERATORS = [
  "<<=", ">>=", "&^=", "...",
  "&&", "||", "<-", "++", "--", "==", "!=", "<=", ">=", ":=",
  "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<", ">>", "&^",
];
const IDENT = /[\p{L}_][\p{L}\p{Nd}_]*/uy;
const NUMBER_CHAR = /[0-9A-Za-z_.]/;

function scan(text: string): GoToken[] {
  const tokens: GoToken[] = [];
  let i = 0;
  let line = 1;
  const push = (kind: GoTokenKind, start: number, startLine: number, value?: string): void => {
    tokens.push(value === undefined ? { kind, start, end: i, line: startLine } : { kind, start, end: i, line: startLine, value });
  };

  // Character codes, not one-character strings: a list of 100,000 entries is
  // 200,000 tokens, and the hook reads it on every relevant commit.
  const length = text.length;
  while (i < length) {
    const c = text.charCodeAt(i);
    const start = i;
    const startLine = line;
    if (c === NEWLINE) {
      line++;
      i++;
    } else if (c === SPACE || c === TAB || c === CR) {
      i++;
    } else if (c === COMMA || c === LBRACE || c === RBRACE || c === LPAREN || c === RPAREN || c === LBRACKET || c === RBRACKET || c === SEMICOLON) {
      // Punctuation that starts no longer operator: no search for one.
      i++;
      push("op", start, startLine);
    } else if (c === SLASH && text.charCodeAt(i + 1) === SLASH) {
      const nl = text.indexOf("\n", i);
      i = nl === -1 ? length : nl;
      push("comment", start, startLine);
    } else if (c === SLASH && text.charCodeAt(i + 1) === STAR) {
      const close = text.indexOf("*/", i + 2);
      if (close === -1) throw new GoSyntaxError(startLine, "unterminated block comment");
      i = close + 2;
      line += countNewlines(text, start, i);
      push("comment", start, startLine);
    } else if (c === DQUOTE || c === SQUOTE) {
      const quote = c === DQUOTE ? '"' : "'";
      const value = readQuoted(text, i, quote, line);
      i = quotedEnd;
      if (c === DQUOTE) push("string", start, startLine, value);
      else push("rune", start, startLine);
    } else if (c === BACKQUOTE) {
      const close = text.indexOf("`", i + 1);
      if (close === -1) throw new GoSyntaxError(startLine, "unterminated raw string literal");
      i = close + 1;
      line += countNewlines(text, start, i);
      // Go drops carriage returns from raw strings.
      push("string", start, startLine, text.slice(start + 1, close).replaceAll("\r", ""));
    } else if (isDigitCode(c) || (c === DOT && isDigitCode(text.charCodeAt(i + 1)))) {
      // Exactness does not matter here (numbers are never entries); only that a
      // number is one token and does not swallow what follows.
      const hex = /^0[xX]/.test(text.slice(i, i + 2));
      i++;
      while (i < length) {
        const ch = text.charAt(i);
        const exponentSign = (ch === "+" || ch === "-") && (hex ? /[pP]/ : /[eEpP]/).test(text.charAt(i - 1));
        if (!NUMBER_CHAR.test(ch) && !exponentSign) break;
        i++;
      }
      push("number", start, startLine);
    } else {
      IDENT.lastIndex = i;
      const ident = IDENT.exec(text);
      if (ident) {
        i += ident[0].length;
        push("ident", start, startLine);
      } else {
        // Characters Go does not know are kept as one-character operators: not
        // our business to reject, and they can't be mistaken for anything.
        const op = OPERATORS.find((o) => text.startsWith(o, i)) ?? String.fromCodePoint(text.codePointAt(i) ?? 0);
        i += op.length;
        push("op", start, startLine);
      }
    }
  }
  return tokens;
}

const [NEWLINE, SPACE, TAB, CR, COMMA, LBRACE, RBRACE, LPAREN, RPAREN, LBRACKET, RBRACKET, SEMICOLON, SLASH, STAR, DQUOTE, SQUOTE, BACKQUOTE, DOT, BACKSLASH] = [
  ..."\n \t\r,{}()[];/*\"'`.\\",
].map((ch) => ch.charCodeAt(0));

const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf("\n", from); i !== -1 && i < to; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/** Where the literal readQuoted last read ends (just past its closing quote): no object per literal. */
let quotedEnd = 0;

/**
 * Reads an interpreted string ("...") or rune ('...') starting at `start`,
 * returning its value and leaving its end in quotedEnd.
 * Go strings are byte sequences: "\xe2\x82\xac" is "€". So escapes are decoded
 * into bytes and the bytes decoded as UTF-8 at the end, losslessly.
 */
function readQuoted(text: string, start: number, quote: string, line: number): string {
  const what = quote === '"' ? "string" : "rune";
  const quoteCode = quote.charCodeAt(0);
  let bytes: number[] | undefined; // only needed once an escape shows up
  let run = start + 1; // start of the current stretch of plain characters
  let j = start + 1;
  for (;;) {
    const ch = text.charCodeAt(j);
    if (Number.isNaN(ch) || ch === NEWLINE) throw new GoSyntaxError(line, `unterminated ${what} literal`);
    if (ch === quoteCode) break;
    if (ch !== BACKSLASH) {
      j++;
      continue;
    }
    bytes ??= [];
    pushUtf8(bytes, text.slice(run, j));
    j = readEscape(text, j, quote, line, bytes);
    run = j;
  }
  quotedEnd = j + 1;
  if (!bytes) return text.slice(start + 1, j);
  pushUtf8(bytes, text.slice(run, j));
  // Decoded as paths are (path-bytes.ts): "004_caf\xe9.sql" names the file
  // whose name has the byte 0xE9, not a look-alike with U+FFFD.
  return decodePath(Buffer.from(bytes));
}

const SIMPLE_ESCAPES = new Map([
  ["a", 7], ["b", 8], ["f", 12], ["n", 10], ["r", 13], ["t", 9], ["v", 11], ["\\", 92],
]);

/** Decodes the escape at `j` (the backslash) into `bytes`; returns the offset after it. */
function readEscape(text: string, j: number, quote: string, line: number, bytes: number[]): number {
  const c = text.charAt(j + 1);
  const simple = SIMPLE_ESCAPES.get(c);
  if (simple !== undefined) {
    bytes.push(simple);
    return j + 2;
  }
  if (c === quote) {
    bytes.push(quote.charCodeAt(0));
    return j + 2;
  }
  const fixed = (count: number, digits: RegExp, radix: number): number => {
    const s = text.slice(j + 2, j + 2 + count);
    if (s.length !== count || !digits.test(s)) throw new GoSyntaxError(line, `invalid escape sequence \\${c}${s}`);
    return parseInt(s, radix);
  };
  if (c >= "0" && c <= "7") {
    const s = text.slice(j + 1, j + 4);
    if (!/^[0-7]{3}$/.test(s)) throw new GoSyntaxError(line, `invalid octal escape \\${s}`);
    const v = parseInt(s, 8);
    if (v > 255) throw new GoSyntaxError(line, `octal escape value \\${s} > 255`);
    bytes.push(v);
    return j + 4;
  }
  if (c === "x") {
    bytes.push(fixed(2, /^[0-9a-fA-F]{2}$/, 16));
    return j + 4;
  }
  if (c === "u" || c === "U") {
    const count = c === "u" ? 4 : 8;
    const cp = fixed(count, /^[0-9a-fA-F]+$/, 16);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) {
      throw new GoSyntaxError(line, `escape sequence \\${c}${text.slice(j + 2, j + 2 + count)} is an invalid Unicode code point`);
    }
    pushUtf8(bytes, String.fromCodePoint(cp));
    return j + 2 + count;
  }
  if (c === "" || c === "\n") throw new GoSyntaxError(line, `unterminated ${quote === '"' ? "string" : "rune"} literal`);
  throw new GoSyntaxError(line, `unknown escape sequence \\${c}`);
}

function pushUtf8(bytes: number[], s: string): void {
  if (s) for (const b of Buffer.from(s, "utf8")) bytes.push(b);
}

/**
 * Every `[]string{...}` literal assigned to the variable `name` (to any
 * variable, without one: init looks for candidates):
 *   name := []string{      name = []string{      var name = []string{
 *   var name []string = []string{      and `name = []string{` inside var ( ... )
 * Each literal is its own list (a file may hold one per test function).
 */
export function findStringLists(text: string, name?: string): GoParse {
  // A conflict staged unresolved reads as Go gone wrong; say what it really is.
  const { scanned, marker, code, read } = scannedSuite(text);
  if (marker !== null)
    return {
      ok: false,
      error: {
        line: marker,
        message: "it holds git conflict markers (<<<<<<<, =======, >>>>>>>): a merge conflict was staged unresolved",
        hint: "Resolve the conflict in the file (keep both sides' entries), then `git add` it, or run `mighook fix` once the markers are gone.",
      },
    };
  if (!scanned.ok) return scanned;
  const is = (k: number, s: string): boolean => {
    const t = code[k];
    return t !== undefined && (t.kind === "op" || t.kind === "ident") && text.slice(t.start, t.end) === s;
  };
  const isSliceOfString = (k: number): boolean => is(k, "[") && is(k + 1, "]") && is(k + 2, "string");

  const lists: SuiteList[] = [];
  const problems: GoProblem[] = [];
  try {
    for (let k = 0; k < code.length; k++) {
      const t = code[k]!;
      if (t.kind !== "ident") continue;
      const ident = text.slice(t.start, t.end);
      if (name !== undefined && ident !== name) continue;
      // `s.name = ...` is a field of something else, `a, name := ...` pairs
      // values we'd have to count: neither is the suite's list variable. When
      // any name goes, "string" in `var x []string = ` is a type, not one.
      if (is(k - 1, ".") || is(k - 1, ",") || (name === undefined && is(k - 1, "]"))) continue;
      let m = k + 1;
      if (isSliceOfString(m)) m += 3; // var name []string = ...
      if (!(is(m, "=") || (m === k + 1 && is(m, ":=")))) continue;
      m++;
      if (!isSliceOfString(m) || !is(m + 3, "{")) continue;
      // Read once per file and '{': a list found by name and again by the
      // search for any list (unconfigured-list) is the same list.
      let list = read.get(m + 3);
      if (!list) {
        const own: GoProblem[] = [];
        read.set(m + 3, (list = { ...readList(text, code, m + 3, ident, t.line, own), problems: own }));
      }
      lists.push(list.list);
      problems.push(...list.problems);
      k = list.closeIndex; // lists never nest; go on after this one
    }
  } catch (e) {
    if (e instanceof GoSyntaxError) return { ok: false, error: { line: e.line, message: e.message } };
    throw e;
  }
  return { ok: true, lists, problems };
}

/**
 * A file's tokens, its first conflict's line, its tokens without comments
 * (the pattern ignores them: they can sit anywhere between tokens), and the
 * lists read from them. Those of the last file asked about are kept: a
 * changed suite is read twice, for its configured list and by
 * unconfigured-list, and may hold 100,000 entries.
 */
function scannedSuite(text: string): ScannedSuite {
  if (lastScanned?.text !== text) {
    const scanned = tokenizeGo(text);
    const code = scanned.ok ? scanned.tokens.filter((t) => t.kind !== "comment") : [];
    lastScanned = { text, scanned, marker: conflictMarkers(text, scanned), code, read: new Map() };
  }
  return lastScanned;
}
interface ScannedSuite {
  text: string;
  scanned: GoTokens;
  marker: number | null;
  code: GoToken[];
  /** the lists read so far, by the index of their '{' in code */
  read: Map<number, { list: SuiteList; closeIndex: number; problems: GoProblem[] }>;
}
let lastScanned: ScannedSuite | null = null;

/**
 * The line of the first conflict git left in the file: its three marker lines
 * (`<<<<<<< `, `=======`, `>>>>>>> `) in that order, none inside a Go
 * string or comment. A raw string or a comment may hold a line of "======="
 * (a text table, a banner): that is Go, not a conflict. null when there is none.
 */
function conflictMarkers(text: string, scanned: GoTokens): number | null {
  const found = [...text.matchAll(/^(?:<{7}(?= |\r?$)|={7}(?=\r?$)|>{7}(?= |\r?$))/gm)];
  if (found.length < 3) return null;
  // Offsets inside strings, runes and comments (when the file tokenizes at all:
  // a conflict often breaks a string, and then every marker line counts).
  const quoted = scanned.ok ? scanned.tokens.filter((t) => t.kind === "string" || t.kind === "rune" || t.kind === "comment") : [];
  const inQuoted = (offset: number) => quoted.some((t) => t.start < offset && offset < t.end);
  const order = ["<", "=", ">"];
  let expect = 0;
  let start = 0;
  for (const m of found) {
    if (inQuoted(m.index)) continue;
    if (m[0][0] === order[expect]) {
      if (expect === 0) start = m.index;
      if (++expect === 3) return text.slice(0, start).split("\n").length;
    } else if (m[0][0] === "<") {
      expect = 1;
      start = m.index;
    }
  }
  return null;
}

const OPENERS = new Map([["(", ")"], ["[", "]"], ["{", "}"]]);
const CLOSERS = new Set([")", "]", "}"]);

/** Reads the elements between code[openIndex] ('{') and its matching '}'. */
function readList(
  text: string,
  code: GoToken[],
  openIndex: number,
  name: string,
  line: number,
  problems: GoProblem[],
): { list: SuiteList; closeIndex: number } {
  const open = code[openIndex]!;
  const entries: SuiteEntry[] = [];
  const expected: string[] = []; // closers of brackets opened inside an element
  // The current element is code[first..last]; first is -1 while it is empty.
  let first = -1;
  let last = -1;

  for (let k = openIndex + 1; k < code.length; k++) {
    const t = code[k]!;
    const s = t.kind === "op" ? text.slice(t.start, t.end) : "";
    if (expected.length === 0 && (s === "," || s === "}")) {
      const head = code[first];
      if (head === undefined) {
        if (s === ",") throw new GoSyntaxError(t.line, `unexpected ',' in the ${name} list`);
      } else if (first === last && head.kind === "string") {
        entries.push({ value: head.value ?? "", line: head.line, start: head.start, end: head.end });
      } else {
        // An identifier, a call, "a" + "b"...: we'd be guessing its value.
        const source = text.slice(head.start, code[last]!.end).replace(/\s+/g, " ");
        const shown = source.length > 60 ? `${source.slice(0, 57)}...` : source;
        problems.push({ line: head.line, message: `element of the ${name} list is not a string literal: ${shown}` });
      }
      first = -1;
      if (s === "}") return { list: { name, line, open: open.start, close: t.start, entries }, closeIndex: k };
      continue;
    }
    const closer = OPENERS.get(s);
    if (closer) expected.push(closer);
    else if (CLOSERS.has(s) && expected.pop() !== s) {
      throw new GoSyntaxError(t.line, `unbalanced brackets in the ${name} list: unexpected '${s}'`);
    }
    if (first === -1) first = k;
    last = k;
  }
  throw new GoSyntaxError(open.line, `the '{' of the ${name} list is never closed`);
}
