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
// What gofmt does (go/printer's exprList and comment spacing, then
// text/tabwriter):
//   - A comment that ends a line after other tokens is written after a tab:
//     each one is a cell boundary. So a line `"x", /* a */ // b` is the cells
//     `"x",` and `/* a */`, then the text `// b`; a comment line
//     `/* a */ // b` is the cell `/* a */`, then `// b`. A comment followed
//     by code on its line (`"x" /* a */, "y"`) is part of its cell.
//   - tabwriter aligns column k over each run of consecutive lines that have
//     a k-th cell (within the run of column k-1): every such cell is padded
//     to one space past the widest of the run (widths in characters). A line
//     without cells (a blank line, a lone comment line, an entry without a
//     trailing comment) ends the runs.
//   - A new "section" (exprList's formfeed, which ends all runs) starts
//     before an entry that follows a line of several entries, or whose size
//     (in bytes) is out of proportion (ratio 2.5 or more either way, against
//     the geometric mean of the section so far) when either it or the
//     previous entry is longer than 40 bytes. A blank or comment line
//     restarts that mean. A comment that starts a line starts a section
//     too (go/printer writes a formfeed before it), and the '{' line is a
//     section of its own.
import { tokenizeGo, type GoToken } from "./gosuite.js";

const SMALL_SIZE = 40;
const RATIO = 2.5;

/** A line's cells: the text of each ends at `ends[k]`; the next one (or the line's last text) starts at `nexts[k]`. */
interface Cells {
  ends: number[];
  nexts: number[];
  widths: number[];
}

/**
 * The body of a `[]string{...}` list (the text between the braces) with its
 * trailing comments aligned as gofmt aligns them, or null when the body is
 * laid out in a way this does not model (entries that are not single string
 * literals, tokens that span lines).
 */
export function alignTrailingComments(body: string): string | null {
  const scanned = tokenizeGo(body);
  if (!scanned.ok) return null;
  const tokens = scanned.tokens;
  if (tokens.some((t) => body.slice(t.start, t.end).includes("\n"))) return null;
  const lineStarts = [0];
  for (let i = body.indexOf("\n"); i !== -1; i = body.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  const entries = entriesOf(body, tokens);
  if (entries === null) return null;

  // Lines that start with a comment: go/printer writes a formfeed before each.
  const commentLines = new Set<number>();
  tokens.forEach((t, i) => {
    if (t.kind === "comment" && (i === 0 || tokens[i - 1]!.line < t.line)) commentLines.add(t.line);
  });
  const commentBetween = (from: number, to: number): boolean => {
    for (let l = from + 1; l < to; l++) if (commentLines.has(l)) return true;
    return false;
  };

  // Which lines start a new section (gofmt's formfeed).
  const newSection = new Set<number>([2, ...commentLines]); // after the '{' line (its comments get one space), and at comment lines
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
      // On the '{' line, no line break came before it: exprList's prevBreak
      // stays -1, so the next line breaks with a formfeed.
      if (entry.line > 1) {
        if (!commentBetween(1, entry.line)) newSection.add(entry.line);
        prevBreak = 0;
      }
    } else if (prevLine < entry.line) {
      const starts = useFF || prevBreak + 1 < i;
      // Comment lines in between take that formfeed (go/printer drops the
      // list's own for the one before the comments): the entry goes on in
      // the section of the last comment line.
      if (starts && !commentBetween(prevLine, entry.line)) newSection.add(entry.line);
      if (starts || entry.line - prevLine > 1) [lnsum, count] = [0, 0];
      prevBreak = i;
    }
    lnsum += Math.log(size);
    count++;
    prevLine = entry.line;
  });

  // The cells of each line.
  const lineCount = lineStarts.length;
  const closeLine = body.endsWith("\n") || /\n[ \t]*$/.test(body) ? 0 : lineCount; // the '}' line, if it holds tokens
  const cells: Array<Cells | null> = new Array<Cells | null>(lineCount + 1).fill(null);
  for (let from = 0; from < tokens.length; ) {
    const line = tokens[from]!.line;
    let to = from;
    while (to < tokens.length && tokens[to]!.line === line) to++;
    // Comments that end the line after other tokens: each after a tab. Not
    // on the '}' line, where '}' follows them.
    let trailing = to;
    while (trailing > from && tokens[trailing - 1]!.kind === "comment") trailing--;
    const first = Math.max(trailing, from + 1);
    if (line !== closeLine && first < to) {
      const c: Cells = { ends: [], nexts: [], widths: [] };
      let cellStart = tokens[from]!.start;
      for (let b = first; b < to; b++) {
        const end = tokens[b - 1]!.end;
        c.ends.push(end);
        c.nexts.push(tokens[b]!.start);
        c.widths.push([...body.slice(cellStart, end)].length);
        cellStart = tokens[b]!.start;
      }
      cells[line] = c;
    }
    from = to;
  }

  // tabwriter's column blocks, section by section.
  const pads = new Map<number, number[]>(); // line -> spaces after each cell
  const format = (line0: number, line1: number, column: number): void => {
    for (let t = line0; t < line1; t++) {
      if (column >= (cells[t]?.widths.length ?? 0)) continue;
      let e = t;
      let width = 0;
      for (; e < line1 && column < (cells[e]?.widths.length ?? 0); e++) width = Math.max(width, cells[e]!.widths[column]! + 1);
      for (let l = t; l < e; l++) (pads.get(l) ?? pads.set(l, []).get(l)!)[column] = width - cells[l]!.widths[column]!;
      format(t, e, column + 1);
      t = e - 1;
    }
  };
  for (let start = 1; start <= lineCount; ) {
    let end = start + 1;
    while (end <= lineCount && !newSection.has(end)) end++;
    format(start, end, 0);
    start = end;
  }

  let out = "";
  let pos = 0;
  for (const [line, spaces] of [...pads].sort((a, b) => a[0] - b[0])) {
    const c = cells[line]!;
    spaces.forEach((n, k) => {
      out += body.slice(pos, c.ends[k]) + " ".repeat(n);
      pos = c.nexts[k]!;
    });
  }
  return out + body.slice(pos);
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
