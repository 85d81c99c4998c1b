import { isDeepStrictEqual } from "node:util";
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node } from "yaml";

// Other managers' YAML is edited as text, never re-serialised: their comments,
// quoting and layout stay exactly as written, and uninstall can take out the
// very bytes install put in. Every edit is checked by parsing the result: it
// must mean the old config plus mighook's entry and nothing else. When that
// cannot be shown, mighook prints the snippet instead of writing.

export type Parsed = { doc: Document; data: unknown };

export function parseYaml(text: string): Parsed | null {
  try {
    const doc = parseDocument(text);
    if (doc.errors.length) return null;
    return { doc, data: doc.toJS() ?? {} };
  } catch {
    return null;
  }
}

/** True when `edited` parses to exactly what `expected` computes from the original data. */
export function editMeans(edited: string, expected: unknown): boolean {
  const parsed = parseYaml(edited);
  return parsed !== null && isDeepStrictEqual(parsed.data, expected);
}

export const clone = <T>(value: T): T => structuredClone(value);

/** The leading spaces of the line holding `offset`, or null if anything but spaces precedes it. */
export function indentAt(text: string, offset: number): { lineStart: number; indent: string } | null {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const indent = text.slice(lineStart, offset);
  return /^ *$/.test(indent) ? { lineStart, indent } : null;
}

/** The node at a key path, when every step is a block (not flow) mapping. */
export function blockMapAt(doc: Document, path: string[]): Node | null {
  const node = path.length ? doc.getIn(path, true) : doc.contents;
  return isMap(node) && !node.flow ? (node as Node) : null;
}

export function keysOf(node: Node | null): string[] {
  if (!isMap(node)) return [];
  return node.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : ""));
}

export { isMap, isScalar, isSeq };
