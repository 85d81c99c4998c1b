// Paths are bytes to git and to the file system, and need not be UTF-8
// (`004_caf\xe9.sql`, written by a Latin-1 tool). Decoding them lossily makes
// two names one (both become `004_caf\uFFFD.sql`): a duplicate version goes
// unseen and `fix` names a file that does not exist. So every path git or the
// file system gives mighook is decoded here, losslessly, the way Python's
// "surrogateescape" does: valid UTF-8 as it is, each byte that is not part of
// valid UTF-8 as a lone surrogate U+DC80+byte. Valid UTF-8 never decodes to a
// lone surrogate, so the mapping is one to one, and encodePath gives the exact
// bytes back wherever a path goes to git (stdin, -z records) or to fs (Buffer).

const ESCAPED = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/;
const ESCAPED_ALL = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/g;

/** A path's bytes as a string, losslessly (see above). */
export function decodePath(bytes: Uint8Array): string {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = buffer.toString("utf8");
  // Valid UTF-8 (the usual case) survives the round trip: one check, no loop.
  if (!text.includes("\uFFFD") || Buffer.from(text, "utf8").equals(buffer)) return text;
  let out = "";
  for (let i = 0; i < buffer.length; ) {
    const length = utf8Length(buffer, i);
    if (length === 0) {
      out += String.fromCharCode(0xdc00 + buffer[i]!);
      i++;
    } else {
      out += buffer.toString("utf8", i, i + length);
      i += length;
    }
  }
  return out;
}

/** The bytes of a path decoded by decodePath. */
export function encodePath(path: string): Buffer {
  if (!ESCAPED.test(path)) return Buffer.from(path, "utf8");
  const parts: Buffer[] = [];
  let last = 0;
  for (const match of path.matchAll(ESCAPED_ALL)) {
    parts.push(Buffer.from(path.slice(last, match.index), "utf8"), Buffer.of(match[0].charCodeAt(0) - 0xdc00));
    last = match.index + 1;
  }
  parts.push(Buffer.from(path.slice(last), "utf8"));
  return Buffer.concat(parts);
}

/** The path is valid UTF-8: it can go on a command line or into JSON as it is. */
export const isUtf8Path = (path: string): boolean => !ESCAPED.test(path);

/** A path for node:fs: the string when it is UTF-8, else its exact bytes. */
export function fsPath(root: string, path: string): string | Buffer {
  return isUtf8Path(path) ? `${root}/${path}` : Buffer.concat([Buffer.from(`${root}/`, "utf8"), encodePath(path)]);
}

/**
 * The length of the valid UTF-8 sequence at `i`, or 0 when the byte there
 * starts none (a stray continuation byte, an overlong form, a surrogate, past
 * U+10FFFF, or cut short).
 */
function utf8Length(b: Buffer, i: number): number {
  const first = b[i]!;
  if (first < 0x80) return 1;
  const cont = (k: number, low = 0x80, high = 0xbf) => i + k < b.length && b[i + k]! >= low && b[i + k]! <= high;
  if (first >= 0xc2 && first <= 0xdf) return cont(1) ? 2 : 0;
  if (first >= 0xe0 && first <= 0xef) {
    const low = first === 0xe0 ? 0xa0 : 0x80;
    const high = first === 0xed ? 0x9f : 0xbf; // ED A0..BF would be a surrogate
    return cont(1, low, high) && cont(2) ? 3 : 0;
  }
  if (first >= 0xf0 && first <= 0xf4) {
    const low = first === 0xf0 ? 0x90 : 0x80;
    const high = first === 0xf4 ? 0x8f : 0xbf;
    return cont(1, low, high) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

const C_ESCAPES: Record<number, string> = { 7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r", 34: '\\"', 92: "\\\\" };

/**
 * A path as people see it, the way git shows it: as it is, unless it holds a
 * byte that is not UTF-8, a control character, `"` or `\`; then in double
 * quotes with C escapes and every byte from 0x80 up in octal, exactly as
 * `git status` prints it (core.quotePath): "migrations/004_caf\351.sql".
 * Each name so stays on one line and can be told from its look-alikes.
 */
export function quotePath(path: string): string {
  if (isUtf8Path(path) && !/[\x00-\x1f\x7f"\\]/.test(path)) return path;
  let out = '"';
  for (const byte of encodePath(path)) {
    const escape = C_ESCAPES[byte];
    if (escape) out += escape;
    else if (byte < 0x20 || byte >= 0x7f) out += `\\${byte.toString(8).padStart(3, "0")}`;
    else out += String.fromCharCode(byte);
  }
  return `${out}"`;
}

/**
 * A path in a message: quoted as git quotes it, and, when its spelling is not
 * Unicode's composed form (NFC), with a note that names the decomposed
 * characters: "café.sql" in NFC and in NFD look alike but are two files.
 */
export function shownName(path: string): string {
  return quotePath(path) + nameNote(path);
}

/** " (decomposed (NFD) spelling: e+U+0301)" for a name not in NFC, else "". */
export function nameNote(path: string): string {
  if (!isUtf8Path(path) || path === path.normalize("NFC")) return "";
  // The base letter and its combining marks, as code points: "e+U+0301".
  const clusters = path.match(/\P{M}\p{M}+/gu) ?? [];
  const spelled = [...new Set(clusters)].map((c) => [...c].map((ch, i) => (i === 0 && /[\x21-\x7e]/.test(ch) ? ch : codePoint(ch))).join("+"));
  return ` (decomposed (NFD) spelling${spelled.length ? `: ${spelled.join(", ")}` : ""})`;
}

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

const C_UNESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, "\\": 92 };

/**
 * A path given back the way quotePath (and git) shows it: `"..."` with C
 * escapes, octal bytes included. A command line reaches node as UTF-8, so this
 * is how a person names a file whose name is not. Anything else as it is.
 */
export function unquotePath(arg: string): string {
  if (arg.length < 2 || !arg.startsWith('"') || !arg.endsWith('"')) return arg;
  const bytes: number[] = [];
  const body = arg.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== "\\") {
      bytes.push(...Buffer.from(ch, "utf8"));
      continue;
    }
    const next = body[i + 1] ?? "";
    const octal = /^[0-3][0-7]{2}/.exec(body.slice(i + 1));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 3;
    } else if (next in C_UNESCAPES) {
      bytes.push(C_UNESCAPES[next]!);
      i += 1;
    } else return arg; // not git's quoting after all
  }
  return decodePath(Buffer.from(bytes));
}

/** How a terminal passed a path that is not UTF-8: each bad byte as U+FFFD. */
export const lossy = (path: string): string => path.replace(ESCAPED_ALL, "\uFFFD");
