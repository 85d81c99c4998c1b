// COPY … FROM STDIN is told from the parse tree (PostgreSQL's own parser, the
// one the SQL checks use), never from the text: a COPY in a string, a comment
// or a function body is no COPY. Text that does not parse is safe to send:
// PostgreSQL parses a whole query string before running any of it, so it
// fails with the syntax error and nothing waits for data.
import { lineAt } from "../model/text.js";
import { loadPostgresParser } from "../sql/postgres.js";
import { isCopyFromStdin } from "../sql/tree.js";

/** The 1-based line (counted from `firstLine`) of the first COPY … FROM STDIN in `sql`, or null. */
export async function copyFromStdinLine(sql: string, firstLine = 1): Promise<number | null> {
  if (!/copy/i.test(sql)) return null;
  const parsed = (await loadPostgresParser()).parse(sql);
  if (!parsed.ok) return null;
  const copy = parsed.statements.find(isCopyFromStdin);
  if (!copy) return null;
  // stmt_location points at the statement's start, comments before it included.
  const lead = sql.slice(copy.start).search(/\S/);
  let offset = copy.start + Math.max(0, lead);
  while (sql.startsWith("--", offset)) {
    const end = sql.indexOf("\n", offset);
    offset = end === -1 ? sql.length : end + 1;
    offset += Math.max(0, sql.slice(offset).search(/\S/));
  }
  return firstLine + lineAt(sql, offset) - 1;
}
