// Blobs reach us as bytes. Files written on Windows may carry CRLF line
// endings, which must parse exactly like LF, with the line numbers a person
// sees in an editor. A UTF-8 byte order mark is dropped for JSON and Go (Go
// accepts one at the start of a file), but kept for goose (`keepBom`): goose
// reads it as part of the first line and rejects the migration.
export const BOM = "\uFEFF";

export function decodeText(bytes: Uint8Array | string, { keepBom = false } = {}): string {
  let text = typeof bytes === "string" ? bytes : Buffer.from(bytes).toString("utf8");
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
