// Which lines a change touches, for the rules that look only at what a commit
// changed (unconfigured-list). A plain Myers diff of lines, as git computes by
// default, with the common head and tail trimmed first: the usual commit
// changes a few lines of a file, and costs next to nothing here.

export interface LineChanges {
  /** 1-based line numbers, in the new text, of the lines the change adds */
  added: number[];
  /** the lines the change removes, each with the number of new lines before the place it was */
  removed: Array<{ after: number; text: string }>;
}

/** Beyond this many edits, the whole differing middle counts as changed: a rewrite, not an edit. */
const MAX_EDITS = 1000;

export function diffLines(before: readonly string[], after: readonly string[]): LineChanges {
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  const a = before.slice(head, before.length - tail);
  const b = after.slice(head, after.length - tail);
  const script = myers(a, b, MAX_EDITS);
  const changes: LineChanges = { added: [], removed: [] };
  if (script === null) {
    for (let j = 0; j < b.length; j++) changes.added.push(head + j + 1);
    for (const text of a) changes.removed.push({ after: head, text });
    return changes;
  }
  for (const step of script)
    if (step.kind === "add") changes.added.push(head + step.j + 1);
    else changes.removed.push({ after: head + step.j, text: a[step.i]! });
  changes.added.sort((x, y) => x - y);
  return changes;
}

type Step = { kind: "add"; j: number } | { kind: "remove"; i: number; j: number };

/**
 * The edits (adds and removes) that turn `a` into `b`, fewest first (Myers,
 * 1986); null beyond `maxEdits`. A remove's `j` is how many lines of `b`
 * come before it.
 */
function myers(a: readonly string[], b: readonly string[], maxEdits: number): Step[] | null {
  const n = a.length;
  const m = b.length;
  if (n === 0) return b.map((_, j) => ({ kind: "add", j }));
  if (m === 0) return a.map((_, i) => ({ kind: "remove", i, j: 0 }));
  const limit = Math.min(maxEdits, n + m);
  const offset = limit + 1;
  const v = new Int32Array(2 * limit + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= limit; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, offset, n, m);
    }
  }
  return null;
}

function backtrack(trace: Int32Array[], offset: number, n: number, m: number): Step[] {
  const steps: Step[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const v = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = v[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
    }
    if (x === prevX) steps.push({ kind: "add", j: prevY });
    else steps.push({ kind: "remove", i: prevX, j: prevY });
    x = prevX;
    y = prevY;
  }
  return steps.reverse();
}
