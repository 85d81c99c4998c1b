import { readFile } from "node:fs/promises";
import { MighookError } from "../errors.js";
import { writeFileAtomic } from "../files.js";

// Hook files and other managers' configs are the team's bytes: install adds
// its own lines and uninstall takes exactly those out again. Reading them as
// UTF-8 would turn any other byte (a Latin-1 é in a comment) into U+FFFD and
// write that back. So a file that is not valid UTF-8 is read as Latin-1,
// where every byte is one character and back, and mighook's own text (ASCII)
// goes in between.

export interface TextFile {
  text: string;
  encoding: "utf8" | "latin1";
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export function decodeBytes(bytes: Uint8Array): TextFile {
  try {
    return { text: strictUtf8.decode(bytes), encoding: "utf8" };
  } catch {
    return { text: Buffer.from(bytes).toString("latin1"), encoding: "latin1" };
  }
}

/** The file's text and how to write it back byte for byte; null when it does not exist. */
export async function readTextFile(path: string): Promise<TextFile | null> {
  try {
    return decodeBytes(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return null;
    if (code === "EISDIR") throw new MighookError(`${path} is a folder, where mighook expected a file`, "Move the folder aside, then run the command again.");
    throw error;
  }
}

/** Writes `text` in the file's own encoding (temp file and rename, like every write). */
export async function writeTextFile(path: string, file: TextFile, text: string, options: { mode?: number; root?: string } = {}): Promise<void> {
  await writeFileAtomic(path, Buffer.from(text, file.encoding), options);
}

/** "\r\n" when the file's lines end so (its first line decides), else "\n". */
export const lineEnding = (text: string): string => (/^[^\n]*\r\n/.test(text) ? "\r\n" : "\n");
