// A new goose migration: its name and its first content.
import { usageError } from "../errors.js";

const MAX_NAME = 200; // file names are at most 255 bytes on most file systems, and the version comes first
// Latin letters that Unicode does not decompose into a base letter and a mark.
const LATIN: Record<string, string> = {
  ß: "ss", æ: "ae", ø: "o", œ: "oe", ł: "l", đ: "d", ð: "d", þ: "th", ı: "i", ħ: "h", ŋ: "ng",
  Æ: "Ae", Ø: "O", Œ: "Oe", Ł: "L", Đ: "D", Ð: "D", Þ: "Th", Ħ: "H", Ŋ: "Ng",
};

/** Latin letters as ASCII: "é" → "e", "ß" → "ss"; other scripts stay as they are. */
const toAscii = (text: string) =>
  text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[ßæøœłđðþıħŋÆØŒŁĐÐÞĦŊ]/g, (letter) => LATIN[letter]!);

/**
 * The name as goose file names are written: lower case, words joined by "_".
 * "Add status-reason column", "AddStatusReasonColumn" and
 * "add_status_reason_column.sql" all give "add_status_reason_column".
 * Exit 2 for a name with no usable letters, or one that starts with a version.
 */
export function normaliseName(input: string): string {
  const ascii = toAscii(input.trim().replace(/\.sql$/i, ""));
  // Dropping a word in silence would name the migration after something else.
  const foreign = input.normalize("NFC").match(/[\p{L}\p{N}\p{M}]+/gu)?.find((word) => /[^\x00-\x7f]/.test(toAscii(word)));
  if (foreign)
    throw usageError(
      `"${foreign}" has no ASCII spelling; migration file names use a-z, 0-9 and _ only`,
      "Spell the name in Latin letters, e.g. `mighook new add_status_reason_column`.",
    );
  const words = ascii
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2") // camelCase
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2") // HTTPServer
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  const name = words.join("_");
  if (!name)
    throw usageError(
      input.trim() ? `"${input}" has no letters or digits to make a migration name from` : "a migration needs a name",
      'Describe the change in a few words, e.g. `mighook new add_status_reason_column` or `mighook new "add status reason column"`.',
    );
  if (/^\d+(_|$)/.test(name))
    throw usageError(
      `"${input}" starts with a version number`,
      `mighook picks the version itself; give the name without it: \`mighook new ${name.replace(/^\d+_?/, "") || "describe_the_change"}\`.`,
    );
  if (name.length > MAX_NAME) throw usageError(`the migration name is ${name.length} characters long`, `Use at most ${MAX_NAME}.`);
  return name;
}

/** goose's own template (`goose create NAME sql`), with a line for the purpose. */
export function gooseTemplate(name: string): string {
  return `-- +goose Up
-- +goose StatementBegin
-- Purpose: ${name.replace(/_/g, " ")} (say what this migration changes and why)
SELECT 'up SQL query';
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
SELECT 'down SQL query';
-- +goose StatementEnd
`;
}
