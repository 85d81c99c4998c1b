// Rewrites one `[]string{...}` list of a Go suite so that its entries become a
// given list, the way a careful person would edit it by hand: nothing outside
// the braces changes, entries that stay keep their literal text, trailing
// comments and lines, comment lines stay, and a list that is already right is
// returned byte for byte. A list whose trailing comments were aligned as gofmt
// aligns them is aligned again after the edit (go-align.ts).
//
// Model. The text between the braces is read as a sequence of nodes, each with
// the whitespace before it (its "gap"):
//   - an element: its tokens plus its comma (if any) and whatever sits between
//     them, e.g. `"001_x.sql",`;
//   - a comment at the top level of the list.
// Editing is then removing nodes, inserting nodes and choosing gaps; newlines
// live only in gaps (and inside multi-line tokens), so "a line" is the run of
// nodes between two gaps that contain a newline.
//
// Layout choices (kept deliberately simple):
//   - An entry's unit is the element plus the comments that follow it on its
//     line, if only comments follow it there. Moving an entry moves its unit.
//     Removing an entry removes only the element: comments are someone's
//     notes (perhaps not even committed yet), so a trailing one stays, on the
//     line where the entry was. A line left empty goes. Comments never go.
//   - Reordering moves as few entries as possible: the longest run of
//     surviving entries that is already in the desired order stays put; each
//     other survivor is cut out with its unit and re-inserted like a new entry.
//   - A new (or moved) entry goes right after the entry it follows in the
//     desired order, on a line of its own just after that entry's line,
//     indented like that line. If it comes first, it goes on its own line just
//     before the first staying entry's line. Comment lines therefore stay next
//     to the entries they precede. Inline insertion (`, "x"`) is used when the
//     list is written on one line, or when the neighbours share a line.
//   - Commas: every element but the last has one; the last has one exactly
//     when a newline comes before '}' (else Go would not parse it), except that
//     an originally last element keeps whatever comma it had.

import { alignTrailingComments } from "./go-align.js";
import { tokenizeGo, type SuiteList } from "./gosuite.js";

interface Node {
  gap: string; // whitespace before the node
  comment: boolean;
  text: string; // the element (without its comma) or the comment
  comma: string; // element only: from the element's end through its ','; "" if none
  value?: string; // element that is a single string literal: its decoded value
  wasLast: boolean; // element that was the list's last element in the original
}

/** Returns `text` with the entries of `list` changed to exactly `desired`. */
export function rewriteList(text: string, list: SuiteList, desired: string[]): string {
  const current = list.entries.map((e) => e.value);
  if (sameStrings(current, desired)) return text;
  if (text.charAt(list.open) !== "{" || text.charAt(list.close) !== "}") {
    throw new Error(`the ${list.name} list at line ${list.line} does not match the text (stale offsets?)`);
  }
  const body = text.slice(list.open + 1, list.close);
  const varIndent = /^[ \t]*/.exec(lineText(text, list.line))![0];
  const parsed = readBody(body);
  const nodes = parsed.nodes;
  let tail = parsed.tail; // whitespace before '}'
  const entries = nodes.filter((n) => n.value !== undefined);
  if (!sameStrings(entries.map((n) => n.value!), current)) {
    throw new Error(`the ${list.name} list at line ${list.line} does not match the text (stale offsets?)`);
  }

  const quote = (value: string, like: Node | undefined): string => goQuote(value, like?.text.startsWith("`") ?? false);
  // An empty `[]string{}` has no layout to follow: one entry per line, one tab
  // deeper than the variable's line.
  if (!/\S/.test(body) && !body.includes("\n")) {
    const lines = desired.map((v) => `\n${varIndent}\t${quote(v, undefined)},`).join("");
    return text.slice(0, list.open + 1) + lines + `\n${varIndent}` + text.slice(list.close);
  }
  const oneLine = !body.includes("\n");
  const firstLine = entries.find((n) => n.gap.includes("\n")) ?? nodes.find((n) => n.gap.includes("\n"));
  const defaultIndent = firstLine ? afterLastNewline(firstLine.gap) : `${varIndent}\t`;

  // Match entries to desired positions (k-th occurrence of a value to k-th).
  const wanted = new Map<string, number[]>();
  desired.forEach((v, d) => (wanted.get(v) ?? wanted.set(v, []).get(v)!).push(d));
  const taken = new Map<string, number>(); // how many slots of each value are matched
  const slotOf = new Map<Node, number>();
  for (const n of entries) {
    const k = taken.get(n.value!) ?? 0;
    const d = wanted.get(n.value!)?.[k];
    if (d !== undefined) slotOf.set(n, d), taken.set(n.value!, k + 1);
  }
  const survivors = entries.filter((n) => slotOf.has(n));
  const stays = new Set(longestIncreasing(survivors.map((n) => slotOf.get(n)!)).map((p) => survivors[p]!));

  // Cut out removed and moved entries, in one pass. Units are computed on the
  // original layout first, since removing one can change what follows another
  // on a line. A removed entry's comments (`"x" /* why */,`) stay where it was.
  const position = new Map(nodes.map((n, i) => [n, i] as const));
  const unitOf = (n: Node): Node[] => {
    const i = position.get(n)!;
    let j = i + 1;
    while (j < nodes.length && nodes[j]!.comment && !nodes[j]!.gap.includes("\n")) j++;
    const lineEnds = j === nodes.length || nodes[j]!.gap.includes("\n");
    return lineEnds ? nodes.slice(i, j) : [n];
  };
  const units = new Map(entries.filter((n) => !stays.has(n)).map((n) => [n, slotOf.has(n) ? unitOf(n) : [n]] as const));
  const kept: Node[] = [];
  for (let i = 0; i < nodes.length; ) {
    const n = nodes[i]!;
    const unit = units.get(n);
    if (!unit) {
      kept.push(n);
      i++;
      continue;
    }
    i += unit.length;
    const leftovers = slotOf.has(n) ? [] : innerComments(n);
    if (leftovers.length) {
      leftovers[0]!.gap = n.gap;
      kept.push(...leftovers);
      continue;
    }
    const next = nodes[i];
    const merged = mergeGaps(n.gap, next ? next.gap : tail, next ? undefined : varIndent);
    // A comment left right after '{' keeps a space before it, as gofmt writes it.
    if (next) next.gap = merged === "" && next.comment ? " " : merged;
    else tail = merged;
  }

  // Group what has to be (re-)inserted by the staying entry it follows.
  const atSlot = new Map([...slotOf].map(([n, d]) => [d, n] as const));
  type Group = { after?: Node; before?: Node; units: Node[][] };
  const groups: Group[] = [];
  let pending: (Node | string)[] = [];
  let anchor: Node | undefined;
  const flush = (before: Node | undefined): void => {
    if (pending.length === 0) return;
    // New entries are written in the quote style of their neighbours.
    const like = anchor ?? before ?? entries[0];
    const made = pending.map((p) =>
      typeof p === "string" ? [{ gap: "", comment: false, text: quote(p, like), comma: ",", wasLast: false }] : units.get(p)!,
    );
    const group: Group = { units: made };
    if (anchor) group.after = anchor;
    if (before) group.before = before;
    groups.push(group);
    pending = [];
  };
  desired.forEach((value, d) => {
    const n = atSlot.get(d);
    if (n && stays.has(n)) {
      flush(n);
      anchor = n;
    } else pending.push(n ?? value);
  });
  flush(undefined);

  // Where each group goes, worked out on the layout left after the cuts: no
  // insertion moves a later group's anchor or its line, so all are planned
  // first and made in one pass (a list edit stays linear in its size).
  const count = kept.length;
  const at = new Map(kept.map((n, i) => [n, i] as const));
  const lineStartOf: number[] = [];
  kept.forEach((n, i) => lineStartOf.push(i === 0 || n.gap.includes("\n") ? i : lineStartOf[i - 1]!));
  const nextLineOf: number[] = new Array<number>(count);
  for (let i = count - 1; i >= 0; i--) nextLineOf[i] = i + 1 < count && kept[i + 1]!.gap.includes("\n") ? i + 1 : i + 1 < count ? nextLineOf[i + 1]! : count;
  const indentOf = (i: number): string => {
    const gap = kept[lineStartOf[i]!]?.gap ?? "";
    return gap.includes("\n") ? afterLastNewline(gap) : defaultIndent;
  };
  const insertions = new Map<number, Node[]>(); // before kept[i] (count: at the end)
  const insert = (i: number, group: Node[][], gap: string): void => {
    for (const u of group) u[0]!.gap = gap;
    const list = insertions.get(i) ?? insertions.set(i, []).get(i)!;
    for (const u of group) for (const n of u) list.push(n); // no push(...): a group may hold every entry
  };
  for (const g of groups) {
    if (g.after) {
      const i = at.get(g.after)!;
      let unitEnd = i + 1; // past the anchor's trailing comments
      while (unitEnd < count && kept[unitEnd]!.comment && !kept[unitEnd]!.gap.includes("\n")) unitEnd++;
      const nextLine = nextLineOf[i]!;
      const b = g.before ? at.get(g.before)! : -1;
      const nextSharesLine = b > i && b < nextLine;
      const lineIsClosed = nextLine < count || tail.includes("\n"); // not the '}' line
      if (oneLine || nextSharesLine || !lineIsClosed) insert(unitEnd, g.units, " ");
      else insert(nextLine, g.units, `\n${indentOf(i)}`);
    } else if (g.before) {
      const b = at.get(g.before)!;
      const p = lineStartOf[b]!;
      const first = kept[p]!;
      if (oneLine || !first.gap.includes("\n")) {
        // Before an entry on the '{' line (or in a one-line list): inline.
        insert(b, g.units, " ");
        [g.units[0]![0]!.gap, g.before.gap] = [g.before.gap, " "];
      } else {
        const gap = first.gap;
        insert(p, g.units, `\n${afterLastNewline(gap)}`);
        [g.units[0]![0]!.gap, first.gap] = [gap, `\n${afterLastNewline(gap)}`];
      }
    } else if (!oneLine && tail.includes("\n")) {
      insert(count, g.units, `\n${defaultIndent}`); // nothing stays: append
    } else {
      insert(count, g.units, " ");
      if (count === 0) g.units[0]![0]!.gap = "";
    }
  }
  const out: Node[] = [];
  for (let i = 0; i <= count; i++) {
    const inserted = insertions.get(i);
    if (inserted) for (const n of inserted) out.push(n);
    if (i < count) out.push(kept[i]!);
  }

  // A moved `// comment` must still end its line.
  let lineIndent = defaultIndent;
  out.forEach((n, i) => {
    if (n.gap.includes("\n")) lineIndent = afterLastNewline(n.gap);
    if (!n.comment || !n.text.startsWith("//")) return;
    const next = out[i + 1];
    if (next && !next.gap.includes("\n")) next.gap = `\n${lineIndent}`;
    else if (!next && !tail.includes("\n")) tail = `\n${varIndent}`;
  });

  // Commas: every element but the last has one; the last, when a newline
  // follows it before '}'.
  let last = -1;
  out.forEach((n, i) => {
    if (!n.comment) last = i;
  });
  out.forEach((n, i) => {
    if (n.comment) return;
    if (i < last) {
      if (!n.comma) n.comma = ",";
      return;
    }
    const rest = out.slice(i + 1).map((m) => m.gap + m.text).join("") + tail;
    if (rest.includes("\n")) {
      if (!n.comma) n.comma = ",";
    } else if (n.comma && !n.wasLast) n.comma = n.comma.slice(0, n.comma.lastIndexOf(",")).trimEnd();
  });

  // A list with nothing left in it is `{}`, as gofmt writes it.
  const newBody = out.length === 0 ? "" : joinBody(out, tail);
  // A gofmt-clean list stays gofmt-clean: its comments placed as gofmt
  // places them, and its trailing comments aligned again.
  const tidy = tidyBody(readBody(body)) === body ? tidyBody(readBody(newBody)) : newBody;
  // (Without a comment there is nothing to align: skip two more scans.)
  const comments = tidy.includes("/");
  const aligned = comments && alignTrailingComments(body) === body ? (alignTrailingComments(tidy) ?? tidy) : tidy;
  return text.slice(0, list.open + 1) + aligned + text.slice(list.close);
}

/** A `// comment`, or a block comment that runs onto another line: Go reads either as a line end. */
const endsLine = (n: Node): boolean => n.text.startsWith("//") || n.text.includes("\n");
const joinBody = (nodes: Node[], tail: string): string => nodes.map((n) => n.gap + n.text + n.comma).join("") + tail;

// The body with its comments where gofmt puts them, for lists that gofmt
// wrote (the caller only uses this when it leaves the original unchanged):
//   - block comments between two elements on one line, or between the last
//     element and a '}' on its line, sit before the comma: `"a" /* c */, "b"`;
//     at the end of a line they sit after it: `"a", /* c */`;
//   - a comment right after '{' has a space before it; one right before '}'
//     has none, unless the list holds no element: `{ /* c */ }`;
//   - no blank line between the last element and '}', never two blank lines
//     in a row; a list all on the '{' line gets its '}' there too.
function tidyBody({ nodes, tail }: { nodes: Node[]; tail: string }): string {
  if (nodes.length === 0) return "";
  // Elements all on the '{' line and '}' alone on the next: gofmt joins
  // them, `{"a", "b"}` (the last comma goes); a list of comments only stays.
  const hasElements = nodes.some((n) => !n.comment);
  if (hasElements && !/\S/.test(tail) && tail.includes("\n") && nodes.every((n) => !n.gap.includes("\n") && !endsLine(n))) tail = "";
  const out: Node[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    n.gap = n.gap.replace(/\n(?:[ \t]*\n)+/, "\n\n");
    out.push(n);
    if (n.comment) continue;
    // The comments that follow the element on its line.
    let j = i + 1;
    while (j < nodes.length && nodes[j]!.comment && !nodes[j]!.gap.includes("\n")) if (endsLine(nodes[j++]!)) break;
    const following = nodes.slice(i + 1, j);
    const next = nodes[j];
    const last = following.at(-1);
    const lineEnds = (last && endsLine(last)) || (next ? next.gap.includes("\n") : tail.includes("\n"));
    const inner = innerComments(n);
    const hasComma = n.comma.includes(",");
    if (lineEnds) {
      if (!hasComma || inner.length === 0) continue;
      n.comma = ",";
      for (const c of inner) c.gap = " ";
      out.push(...inner);
    } else {
      const comments = [...inner, ...following].map((c) => c.text);
      n.comma = (comments.length ? ` ${comments.join(" ")}` : "") + (next ? "," : "");
      i = j - 1;
    }
  }
  if (out[0]!.comment && out[0]!.gap === "") out[0]!.gap = " ";
  let end = tail;
  if (!end.includes("\n")) end = out.at(-1)!.comment && !hasElements ? " " : "";
  // gofmt drops a blank line between the last element and '}', but keeps one after a comment.
  else if (!out.at(-1)!.comment) end = end.slice(end.lastIndexOf("\n"));
  else end = end.replace(/\n(?:[ \t]*\n)+/, "\n\n");
  return joinBody(out, end);
}

// The comments between an element and its comma (`"x" /* why */,`), as comment nodes.
function innerComments(n: Node): Node[] {
  if (!n.comma.includes("/")) return [];
  const scanned = tokenizeGo(n.comma);
  if (!scanned.ok) return [];
  const out: Node[] = [];
  let pos = -1;
  for (const t of scanned.tokens) {
    if (t.kind !== "comment") continue;
    out.push({ gap: pos === -1 ? "" : n.comma.slice(pos, t.start), comment: true, text: n.comma.slice(t.start, t.end), comma: "", wasLast: false });
    pos = t.end;
  }
  return out;
}

const ESCAPES = new Map([
  ['"', '\\"'], ["\\", "\\\\"], ["\n", "\\n"], ["\t", "\\t"], ["\r", "\\r"],
  ["\x07", "\\a"], ["\b", "\\b"], ["\f", "\\f"], ["\v", "\\v"],
]);

/**
 * A Go string literal for `value`: a raw `...` string if asked and possible
 * (no backquote or control character), else a double-quoted one.
 */
export function goQuote(value: string, raw = false): string {
  // A byte that is not UTF-8 (path-bytes.ts: a lone U+DC80+byte) can only be a \x escape.
  if (raw && !/[`\p{Cc}\uFEFF\uDC80-\uDCFF]/u.test(value)) return `\`${value}\``;
  let out = '"';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    const escaped = ESCAPES.get(ch);
    if (escaped) out += escaped;
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, "0")}`;
    else if (cp >= 0xdc80 && cp <= 0xdcff) out += `\\x${(cp - 0xdc00).toString(16)}`;
    else if (cp === 0xfeff) out += "\\uFEFF"; // Go rejects a BOM inside a file
    else out += ch;
  }
  return `${out}"`;
}

/** Splits the text between the braces into nodes; see the model above. */
function readBody(body: string): { nodes: Node[]; tail: string } {
  const scanned = tokenizeGo(body);
  if (!scanned.ok) throw new Error(`cannot read list body: ${scanned.error.message}`);
  const tokens = scanned.tokens;
  const nodes: Node[] = [];
  let pos = 0;
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (t.kind === "comment") {
      nodes.push({ gap: body.slice(pos, t.start), comment: true, text: body.slice(t.start, t.end), comma: "", wasLast: false });
      pos = t.end;
      i++;
      continue;
    }
    // An element runs to the next top-level comma; comments after its last
    // token belong to it only if a comma follows them.
    let depth = 0;
    let j = i;
    let last = i;
    for (; j < tokens.length; j++) {
      const tj = tokens[j]!;
      const s = tj.kind === "op" ? body.slice(tj.start, tj.end) : "";
      if (depth === 0 && s === ",") break;
      if (s === "(" || s === "[" || s === "{") depth++;
      else if (s === ")" || s === "]" || s === "}") depth--;
      if (tj.kind !== "comment") last = j;
    }
    const end = tokens[last]!.end;
    const node: Node = { gap: body.slice(pos, t.start), comment: false, text: body.slice(t.start, end), comma: "", wasLast: false };
    if (last === i && t.kind === "string") node.value = t.value ?? "";
    const comma = tokens[j];
    if (comma) {
      node.comma = body.slice(end, comma.end);
      pos = comma.end;
      i = j + 1;
    } else {
      pos = end;
      i = last + 1;
    }
    nodes.push(node);
  }
  const lastElement = nodes.filter((n) => !n.comment).at(-1);
  if (lastElement) lastElement.wasLast = true;
  return { nodes, tail: body.slice(pos) };
}

/**
 * The gap left when what sits between `before` and `after` is removed.
 * Both hold a newline: the removed stuff had its own line(s), drop them (but
 * keep blank lines before). Only one does: keep that one, so the neighbours
 * keep their line breaks and indentation. Neither: one space between
 * neighbours, nothing next to a brace. `closeIndent` is set when `after` is
 * the gap before '}', so a '}' that sat on the removed line gets its own.
 */
function mergeGaps(before: string, after: string, closeIndent?: string): string {
  const nl = before.lastIndexOf("\n");
  if (after.includes("\n")) return nl === -1 ? after : before.slice(0, nl) + after;
  if (nl !== -1) return closeIndent === undefined ? before : `${before.slice(0, nl)}\n${closeIndent}`;
  return before === "" || after === "" ? "" : before;
}

/** Positions of one longest strictly increasing subsequence of `seq`. */
function longestIncreasing(seq: number[]): number[] {
  const ends: number[] = []; // ends[l]: position of the smallest end of an increasing run of length l+1
  const prev: number[] = [];
  seq.forEach((v, i) => {
    let lo = 0;
    let hi = ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seq[ends[mid]!]! < v) lo = mid + 1;
      else hi = mid;
    }
    prev[i] = lo > 0 ? ends[lo - 1]! : -1;
    ends[lo] = i;
  });
  const out: number[] = [];
  for (let i = ends.at(-1) ?? -1; i !== -1; i = prev[i]!) out.push(i);
  return out.reverse();
}

function sameStrings(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function afterLastNewline(gap: string): string {
  return gap.slice(gap.lastIndexOf("\n") + 1);
}

function lineText(text: string, line: number): string {
  let start = 0;
  for (let l = 1; l < line && start !== -1; l++) {
    const nl = text.indexOf("\n", start);
    start = nl === -1 ? -1 : nl + 1;
  }
  if (start === -1) return "";
  const end = text.indexOf("\n", start);
  return text.slice(start, end === -1 ? text.length : end);
}
