// Editing a file's text without changing anything the edit is not about: a
// UTF-8 byte order mark stays, CRLF line endings stay CRLF (new lines too),
// and a file whose bytes would not survive a round trip through a string is
// not edited at all.

export interface EditableText {
  /** the text to edit: no BOM, "\n" line endings when the file uses CRLF throughout */
  text: string;
  /** the bytes for an edited text, in the file's own encoding */
  encode(text: string): Buffer;
}

const BOM = "\uFEFF";

/** null when the bytes are not valid UTF-8 (editing would corrupt them). */
export function editable(bytes: Buffer): EditableText | null {
  const raw = bytes.toString("utf8");
  if (!Buffer.from(raw, "utf8").equals(bytes)) return null;
  const bom = raw.startsWith(BOM);
  const body = bom ? raw.slice(1) : raw;
  // CRLF throughout (no lone CR, no lone LF): edit as LF, write back as CRLF.
  // Mixed endings are edited as they are; lines mighook adds end in LF.
  const crlf = body.includes("\r\n") && !/\r(?!\n)|(?<!\r)\n/.test(body);
  const text = crlf ? body.replaceAll("\r\n", "\n") : body;
  return {
    text,
    encode: (edited) => Buffer.from((bom ? BOM : "") + (crlf ? edited.replaceAll("\n", "\r\n") : edited), "utf8"),
  };
}
