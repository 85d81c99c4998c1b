// Checks one migration's SQL as goose will run it: goose's split (model/goose.ts),
// then PostgreSQL's parser on each statement (sql/postgres.ts), then questions
// to the parse tree (sql/tree.ts). The result is plain data with file lines;
// the rules (rules/sql-*.ts) turn it into findings.
import type { GooseParse } from "../model/goose.js";
import type { ParseResult, PostgresParser, RawStatement, SqlError } from "./postgres.js";
import { substituteLine } from "./envsub.js";
import { fileLineAt, lastLineOf, lineOf, migrationStatements, type Direction, type MigrationStatement } from "./statements.js";
import { newerSyntax, nonTransactional, plpgsqlBody } from "./tree.js";

/** The grammar's version: libpg-query 18.x is PostgreSQL 18's parser. */
export const GRAMMAR_VERSION = 18;

export interface SqlSyntaxError {
  direction: Direction;
  line: number;
  /** PostgreSQL's message. */
  message: string;
  /** Set for a PL/pgSQL error: the body's kind ("DO block", "function", "procedure"). */
  plpgsql?: string;
  /** Set when the file's bytes are not UTF-8 there: goose sends them as they are. */
  encoding?: true;
  /**
   * Set when goose's ENVSUB is the cause: "fails" when goose cannot substitute
   * the line (message is goose's), "collapses" when it turned `$$` into `$` there.
   */
  envsub?: "fails" | "collapses";
}

/** A statement goose's ';' split cuts in pieces. */
export interface SqlSplit {
  direction: Direction;
  /** Lines goose sends as the first piece. */
  line: number;
  pieceEnd: number;
  /** Lines that form the whole statement, to wrap in StatementBegin/End. */
  wholeEnd: number;
  /** "DO block", "function body", "procedure body" or "statement". */
  what: string;
  /** PostgreSQL's message for the first piece. */
  message: string;
  /** The piece is a StatementBegin/End block already: its StatementEnd comes too early. */
  inBlock: boolean;
}

export interface SqlNoTransaction {
  direction: Direction;
  line: number;
  /** The statement, as a person writes it, e.g. "CREATE INDEX CONCURRENTLY". */
  what: string;
  /**
   * "transaction": the migration runs in goose's transaction (no NO TRANSACTION);
   * "shared": NO TRANSACTION is set, but the goose statement holds other
   * statements too, and PostgreSQL runs a multi-statement string as one transaction.
   */
  why: "transaction" | "shared";
}

export interface SqlNewer {
  direction: Direction;
  line: number;
  what: string;
  since: number;
}

export interface SqlAnalysis {
  syntax: SqlSyntaxError[];
  splits: SqlSplit[];
  noTransaction: SqlNoTransaction[];
  newer: SqlNewer[];
  /** Statements parsed, and statements left unjudged (ENVSUB placeholders that no stand-in makes parse). */
  parsed: number;
  skipped: number;
}

export interface AnalyzeOptions {
  /** Target PostgreSQL major version (default: the grammar's). */
  postgres?: number;
  /** The file's bytes that are not UTF-8, by line (model/text.ts invalidUtf8), which the decoded text no longer shows. */
  invalidUtf8?: Array<{ line: number; bytes: string }>;
}

// A piece cut by the split ends inside a quote, a comment or a BEGIN ATOMIC body.
const isCutError = (message: string): boolean => message.startsWith("unterminated ") || message === "syntax error at end of input";
// Parses spent putting one cut statement back together, at most.
const MAX_ROUNDS = 50;
// ENVSUB values goose would fill in from its environment, unknown here: an
// identifier fits most places (names, inside strings), a number the rest.
const STAND_INS = ["mighook_envsub", "0"];

/** Checks every statement of both sections of a migration goose has split. */
export function analyzeMigration(goose: GooseParse, parser: PostgresParser, options: AnalyzeOptions = {}): SqlAnalysis {
  const postgres = options.postgres ?? GRAMMAR_VERSION;
  const result: SqlAnalysis = { syntax: [], splits: [], noTransaction: [], newer: [], parsed: 0, skipped: 0 };
  const statements = migrationStatements(goose);
  // PostgreSQL's drivers (pgx, lib/pq) speak UTF-8, and the server checks the
  // whole string goose sends: the first bad bytes inside a statement fail it
  // (lines goose drops between statements don't count).
  for (const bad of options.invalidUtf8 ?? []) {
    const sent = statements.find((s) => !s.onlyData && s.lines.includes(bad.line));
    if (!sent) continue;
    result.syntax.push({ direction: sent.direction, line: bad.line, message: `invalid byte sequence for encoding "UTF8": ${bad.bytes}`, encoding: true });
    break;
  }
  for (const direction of ["up", "down"] as const) {
    const section = statements.filter((s) => s.direction === direction);
    for (let i = 0; i < section.length; i++) {
      const stmt = section[i]!;
      if (stmt.onlyData || stmt.sql.trim() === "") continue;
      const nul = stmt.sql.indexOf("\0");
      if (nul !== -1) {
        // libpg-query would stop reading at it; PostgreSQL refuses the string.
        result.syntax.push({ direction, line: lineOf(stmt, nul), message: 'invalid byte sequence for encoding "UTF8": 0x00' });
        continue;
      }
      const parsed = parseStatement(parser, stmt);
      if (parsed.kind === "unjudged") {
        result.skipped++;
        continue;
      }
      result.parsed++;
      if (parsed.kind !== "parsed") {
        result.syntax.push({ direction, line: parsed.line, message: parsed.message, envsub: parsed.kind === "envsub-error" ? "fails" : "collapses" });
        continue;
      }
      const { sql, outcome } = parsed;
      if (outcome.ok) {
        judgeTree(result, parser, direction, stmt.lines, sql, outcome.statements, goose.noTransaction, postgres);
        continue;
      }
      const { message, offset } = outcome.error;
      if (isCutError(message)) {
        const joined = joinPieces(parser, section, i, outcome.error);
        if (joined) {
          const last = section[joined.upTo]!;
          result.splits.push({
            direction,
            line: stmt.line,
            pieceEnd: lastLineOf(stmt),
            wholeEnd: lastLineOf(last),
            what: describeCut(joined.outcome, joined.sql),
            message: tidy(message),
            inBlock: stmt.block,
          });
          // What PostgreSQL will say once the pieces are one statement.
          if (joined.outcome.ok) judgeTree(result, parser, direction, joined.lines, joined.sql, joined.outcome.statements, goose.noTransaction, postgres);
          else {
            const at = joined.outcome.error.offset;
            result.syntax.push({ direction, line: at === null ? stmt.line : fileLineAt(joined.lines, joined.sql, at), message: tidy(joined.outcome.error.message) });
          }
          i = joined.upTo;
          continue;
        }
      }
      result.syntax.push({ direction, line: offset === null ? stmt.line : fileLineAt(stmt.lines, sql, offset), message: tidy(message) });
    }
  }
  return result;
}

type Parsed =
  | { kind: "parsed"; sql: string; outcome: ParseResult }
  /** Placeholders whose values only goose's environment knows decide whether it parses: not judged. */
  | { kind: "unjudged" }
  /** goose itself stops: its ENVSUB cannot read a line. */
  | { kind: "envsub-error"; line: number; message: string }
  /** ENVSUB turned `$$` into `$` and PostgreSQL then rejects the statement. */
  | { kind: "collapsed-dollars"; line: number; message: string };

/** Parses a statement as goose sends it: under ENVSUB, its lines substituted with stand-in values. */
function parseStatement(parser: PostgresParser, stmt: MigrationStatement): Parsed {
  if (stmt.envsubLines.length === 0) return { kind: "parsed", sql: stmt.sql, outcome: parser.parse(stmt.sql) };
  let rejected: { line: number; message: string } | null = null;
  for (const standIn of STAND_INS) {
    const lines = stmt.sql.split("\n");
    let variables = 0;
    let collapsed: number | null = null;
    for (let i = 0; i < lines.length; i++) {
      const fileLine = stmt.lines[i]!;
      if (!stmt.envsubLines.includes(fileLine)) continue;
      const done = substituteLine(lines[i]!, (_name, fallback) => fallback ?? standIn);
      if (!done.ok) return { kind: "envsub-error", line: fileLine, message: done.message };
      lines[i] = done.text;
      variables += done.variables;
      if (done.collapsedDollars) collapsed ??= fileLine;
    }
    const sql = lines.join("\n");
    const outcome = parser.parse(sql);
    if (outcome.ok || variables === 0) {
      if (!outcome.ok && collapsed !== null) return { kind: "collapsed-dollars", line: collapsed, message: tidy(outcome.error.message) };
      return { kind: "parsed", sql, outcome };
    }
    if (collapsed !== null) rejected ??= { line: collapsed, message: tidy(outcome.error.message) };
  }
  // A '$$' goose collapses breaks the statement whatever the values.
  return rejected ? { kind: "collapsed-dollars", ...rejected } : { kind: "unjudged" };
}

/**
 * Joins the pieces from `from` on until they stop ending inside a cut; null
 * when they never do. Rather than parse after every piece (a DO block of
 * thousands of lines is thousands of pieces), it appends pieces until the open
 * quote or comment PostgreSQL names can close, then parses once to see.
 */
function joinPieces(
  parser: PostgresParser,
  section: MigrationStatement[],
  from: number,
  error: SqlError,
): { sql: string; lines: number[]; outcome: ParseResult; upTo: number } | null {
  let sql = section[from]!.sql;
  const lines = [...section[from]!.lines];
  let upTo = from;
  // Where the closing text may start: after the opening token.
  let searchFrom = error.offset ?? sql.length;
  let opened = error.offset;
  for (let rounds = 0; rounds < MAX_ROUNDS; rounds++) {
    const closer = closerOf(sql, error.message, opened);
    if (closer) searchFrom = Math.max(searchFrom, (opened ?? 0) + closer.skip);
    // Append pieces until the closer shows up (or one piece, for a cut that
    // ends at the end of the input, such as a BEGIN ATOMIC body).
    let found = closer !== null && sql.indexOf(closer.text, searchFrom) !== -1;
    while (!found && upTo + 1 < section.length) {
      const next = section[++upTo]!;
      const before = sql.length;
      // The lines goose dropped between pieces (comments, blank lines) come
      // back as empty lines: the statement, once wrapped, holds them too.
      const end = lines.at(-1)!;
      for (let n = end + 1; n < next.line; n++) lines.push(n);
      sql += "\n".repeat(Math.max(1, next.line - end)) + next.sql;
      lines.push(...next.lines);
      // Only the new text is searched: a long block stays linear.
      found = closer ? sql.indexOf(closer.text, Math.max(searchFrom, before - closer.text.length)) !== -1 : true;
    }
    if (!found) return null;
    const outcome = parser.parse(sql);
    if (outcome.ok || !isCutError(outcome.error.message)) return { sql, lines, outcome, upTo };
    // Still open: the same token needs a later closer, or another one opened.
    if (closer && outcome.error.offset === opened) searchFrom = sql.indexOf(closer.text, searchFrom) + closer.text.length;
    else searchFrom = outcome.error.offset ?? sql.length;
    opened = outcome.error.offset;
    error = outcome.error;
  }
  return null;
}

/** The text that can close the token PostgreSQL says is unterminated at `offset`, and the opener's length. */
function closerOf(sql: string, message: string, offset: number | null): { text: string; skip: number } | null {
  if (offset === null) return null;
  const rest = sql.slice(offset);
  if (message.startsWith("unterminated dollar-quoted string")) {
    const tag = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(rest)?.[0];
    return tag ? { text: tag, skip: tag.length } : null;
  }
  if (message.startsWith("unterminated /* comment")) return { text: "*/", skip: 2 };
  if (message.startsWith("unterminated quoted identifier")) return { text: '"', skip: 1 };
  // Quoted, bit and hexadecimal strings, with any prefix (E'', B'', U&'').
  if (message.startsWith("unterminated ")) {
    const quote = rest.indexOf("'");
    return quote === -1 ? null : { text: "'", skip: quote + 1 };
  }
  return null;
}

function describeCut(outcome: ParseResult, sql: string): string {
  const first = outcome.ok ? outcome.statements[0] : undefined;
  if (first?.node === "DoStmt" || (!first && /^\s*DO\b/i.test(sql))) return "DO block";
  if (first?.node === "CreateFunctionStmt") return first.fields.is_procedure ? "procedure body" : "function body";
  const fn = /^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(FUNCTION|PROCEDURE)\b/i.exec(sql);
  if (!first && fn) return `${fn[1]!.toLowerCase()} body`;
  return "statement";
}

function judgeTree(
  result: SqlAnalysis,
  parser: PostgresParser,
  direction: Direction,
  lines: number[],
  sql: string,
  statements: RawStatement[],
  noTransaction: boolean,
  postgres: number,
): void {
  for (const raw of statements) {
    const at = fileLineAt(lines, sql, firstToken(sql, raw.start));
    const body = plpgsqlBody(raw);
    if (body) {
      const message = parser.plpgsql(sql.slice(raw.start, raw.end));
      if (message !== null) result.syntax.push({ direction, line: at, message: tidy(message), plpgsql: body });
    }
    const what = nonTransactional(raw, postgres);
    if (what && !noTransaction) result.noTransaction.push({ direction, line: at, what, why: "transaction" });
    else if (what && statements.length > 1) result.noTransaction.push({ direction, line: at, what, why: "shared" });
    for (const n of newerSyntax(raw, postgres)) result.newer.push({ direction, line: at, ...n });
  }
}


/** The offset of the first token at or after `from`: statement locations include leading blanks and comments. */
function firstToken(sql: string, from: number): number {
  let i = from;
  for (;;) {
    while (i < sql.length && /\s/.test(sql[i]!)) i++;
    if (sql.startsWith("--", i)) {
      const nl = sql.indexOf("\n", i);
      i = nl === -1 ? sql.length : nl + 1;
    } else if (sql.startsWith("/*", i)) {
      const end = sql.indexOf("*/", i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else return Math.min(i, sql.length);
  }
}

/** PostgreSQL's message on one line, its quoted excerpt shortened: `at or near "…"` can quote the rest of the file. */
function tidy(message: string): string {
  return message.replace(/"((?:[^"]|"")*)"/g, (whole, inner: string) => {
    const flat = inner.replace(/\s*\n\s*/g, " ");
    return flat === inner && inner.length <= 60 ? whole : `"${flat.length > 60 ? `${flat.slice(0, 57)}…` : flat}"`;
  });
}
