// Blobs reach us as bytes. Files written on Windows may carry a UTF-8 byte order
// mark or CRLF line endings; both must parse exactly like LF files, and line
// numbers must stay those a person sees in an editor.
const BOM = "\uFEFF";

export function decodeText(bytes: Uint8Array | string): string {
  let text = typeof bytes === "string" ? bytes : Buffer.from(bytes).toString("utf8");
  if (text.startsWith(BOM)) text = text.slice(1);
  // Only CRLF: goose reads a lone CR as part of the line, not as a break.
  return text.includes("\r") ? text.replace(/\r\n/g, "\n") : text;
}

/** 1-based line number of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}
