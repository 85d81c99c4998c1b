// gofmt lines up the trailing comments of a list's lines in a column:
//
//     "019_add_playbook_versions.sql", // the column: one space past the
//     "020_x.sql",                     // longest entry of the run
//
// An edit that adds, removes or moves an entry would leave the old padding
// behind, and `gofmt -l` (often a CI step) would flag the suite. So after an
// edit, a list that was gofmt-aligned is aligned again, exactly as gofmt does
// it; a list that wasn't is left as its author wrote it.
//
// What gofmt does (go/printer's exprList, then text/tabwriter):
//   - Each entry line that has a trailing comment is a cell (the code up to
//     and including its comma) followed by the comment.
//   - A run of consecutive such lines shares one column: every comment starts
//     one space past the widest cell (widths in characters). A line without
//     a trailing comment, a comment line, a blank line or the start of a new
//     "section" ends the run.
//   - A new section starts where exprList emits a formfeed: before an entry
//     that follows a line of several entries, or whose size (in bytes) is
//     out of proportion (ratio 2.5 or more either way, against the geometric
//     mean of the section so far) when either it or the previous entry is
//     longer than 40 bytes. A blank or comment line restarts that mean.
import { tokenizeGo, type GoToken } from "./gosuite.js";

const SMALL_SIZE = 40;
const RATIO = 2.5;

interface Line {
  /** offset of the end of the cell (the last code token) in the line */
  cellEnd: number;
  /** offset where the trailing comment starts */
  comment: number;
  /** width of the cell, in characters, from the first code token */
  width: number;
}

/**
 * The body of a `[]string{...}` list (the text between the braces) with its
 * trailing comments aligned as gofmt aligns them, or null when the body is
 * laid out in a way this does not model (entries on the `{` line, entries
 * that are not single string literals, comments before code on a line, two
 * trailing comments, or one that spans lines).
 */
export function alignTrailingComments(body: string): string | null {
  const scanned = tokenizeGo(body);
  if (!scanned.ok) return null;
  const lineStarts = [0];
  for (let i = body.indexOf("\n"); i !== -1; i = body.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  const entries = entriesOf(body, scanned.tokens);
  if (entries === null || entries.some((e) => e.line === 1)) return null;

  // Which lines start a new section (gofmt's formfeed).
  const newSection = new Set<number>();
  let size = 0;
  let lnsum = 0;
  let count = 0;
  let prevLine = 1; // the '{' line
  let prevBreak = -1;
  entries.forEach((entry, i) => {
    const prevSize = size;
    size = entry.size;
    let useFF = true;
    if (prevSize > 0) {
      if (count === 0 || (prevSize <= SMALL_SIZE && size <= SMALL_SIZE)) useFF = false;
      else {
        const ratio = size / Math.exp(lnsum / count);
        useFF = RATIO * ratio <= 1 || RATIO <= ratio;
      }
    }
    if (i === 0) {
      newSection.add(entry.line);
      prevBreak = 0;
    } else if (prevLine < entry.line) {
      const starts = useFF || prevBreak + 1 < i;
      if (starts) newSection.add(entry.line);
      if (starts || entry.line - prevLine > 1) [lnsum, count] = [0, 0];
      prevBreak = i;
    }
    lnsum += Math.log(size);
    count++;
    prevLine = entry.line;
  });

  // Lines with code and a trailing comment, by line number.
  const lines = new Map<number, Line>();
  const byLine = new Map<number, GoToken[]>();
  for (const t of scanned.tokens) byLine.set(t.line, [...(byLine.get(t.line) ?? []), t]);
  for (const [line, tokens] of byLine) {
    const last = tokens.at(-1)!;
    const code = tokens.filter((t) => t.kind !== "comment");
    if (code.length === 0) continue;
    const lastCode = tokens.indexOf(code.at(-1)!);
    if (tokens.slice(0, lastCode).some((t) => t.kind === "comment")) return null;
    if (last.kind !== "comment") continue;
    // Two comments after the code, or one running onto the next lines: a
    // layout this does not model, so the list is left as it is.
    if (tokens.length - lastCode > 2 || body.slice(last.start, last.end).includes("\n")) return null;
    const start = lineStarts[line - 1]!;
    const cellEnd = code.at(-1)!.end;
    lines.set(line, { cellEnd: cellEnd - start, comment: last.start - start, width: [...body.slice(code[0]!.start, cellEnd)].length });
  }

  // Runs of consecutive lines, each padded to the widest cell of its run.
  const out = body.split("\n");
  const sorted = [...lines.keys()].sort((a, b) => a - b);
  for (let r = 0; r < sorted.length; ) {
    let end = r + 1;
    while (end < sorted.length && sorted[end] === sorted[end - 1]! + 1 && !newSection.has(sorted[end]!)) end++;
    const run = sorted.slice(r, end);
    const widest = Math.max(...run.map((n) => lines.get(n)!.width));
    for (const n of run) {
      const { cellEnd, comment, width } = lines.get(n)!;
      const text = out[n - 1]!;
      out[n - 1] = text.slice(0, cellEnd) + " ".repeat(widest - width + 1) + text.slice(comment);
    }
    r = end;
  }
  return out.join("\n");
}

/** The list's entries with their lines and sizes; null when one is not a single string literal. */
function entriesOf(body: string, tokens: GoToken[]): Array<{ line: number; size: number }> | null {
  const entries: Array<{ line: number; size: number }> = [];
  let pending: GoToken[] = [];
  const flush = (): boolean => {
    if (pending.length === 0) return true;
    const [only] = pending;
    if (pending.length !== 1 || only!.kind !== "string" || body.slice(only!.start, only!.end).includes("\n")) return false;
    entries.push({ line: only!.line, size: Buffer.byteLength(body.slice(only!.start, only!.end)) });
    pending = [];
    return true;
  };
  for (const t of tokens) {
    if (t.kind === "comment") continue;
    if (t.kind === "op" && body.slice(t.start, t.end) === ",") {
      if (!flush()) return null;
    } else pending.push(t);
  }
  return flush() ? entries : null;
}
