// Blobs reach us as bytes. Files written on Windows may carry CRLF line
// endings, which must parse exactly like LF, with the line numbers a person
// sees in an editor. A UTF-8 byte order mark is dropped for JSON and Go (Go
// accepts one at the start of a file), but kept for goose (`keepBom`): goose
// reads it as part of the first line and rejects the migration.
export const BOM = "\uFEFF";

export function decodeText(bytes: Uint8Array | string, { keepBom = false } = {}): string {
  // A Buffer is decoded where it is (Buffer.from would first copy it: a suite list of 10,000 entries is 400 KB).
  let text = typeof bytes === "string" ? bytes : (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).toString("utf8");
  if (!keepBom && text.startsWith(BOM)) text = text.slice(1);
  // Only CRLF: goose reads a lone CR as part of the line, not as a break.
  return text.includes("\r") ? text.replace(/\r\n/g, "\n") : text;
}

/** 1-based line number of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

export interface InvalidUtf8 {
  /** 1-based line */
  line: number;
  /** as PostgreSQL shows them: `0xe9 0x74 0x61`, the bytes of the character it tried to read */
  bytes: string;
}

/** The byte sequences that are not UTF-8, the first of each line; empty when the bytes are all UTF-8. */
export function invalidUtf8(bytes: Uint8Array): InvalidUtf8[] {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return [];
  } catch {
    // Found below, byte by byte.
  }
  const found: InvalidUtf8[] = [];
  let line = 1;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const size = utf8Length(bytes, i);
    if (size > 0) {
      if (b === 0x0a) line++;
      i += size;
      continue;
    }
    // The length the lead byte announces, as PostgreSQL's pg_utf_mblen reads it.
    const announced = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    const shown = [...bytes.subarray(i, Math.min(bytes.length, i + announced))].map((x) => `0x${x.toString(16).padStart(2, "0")}`);
    if (found.at(-1)?.line !== line) found.push({ line, bytes: shown.join(" ") });
    i++;
  }
  return found;
}

/** The length of the valid UTF-8 character at `i`, or 0 when it is not one. */
function utf8Length(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < bytes.length && bytes[i + k]! >= lo && bytes[i + k]! <= hi;
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (b === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b >= 0xf1 && b <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/**
 * Line numbers of many offsets in one text: the line starts are found once,
 * then each offset is a binary search (lineAt per offset is quadratic).
 */
export function lineFinder(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
