// PostgreSQL's own parser: libpg-query, PostgreSQL 18's scanner and grammar
// compiled to WASM. It is a runtime dependency, never bundled (scripts/build.mjs
// marks it external): its .wasm is read from node_modules, and only when a
// migration changed, so the hook's fast path never pays for it.
import { importPackage } from "../import-package.js";
import { setFlagsFromString } from "node:v8";

/** A parse error as PostgreSQL reports it. */
export interface SqlError {
  /** PostgreSQL's own message, e.g. `syntax error at or near "NOT"`. */
  message: string;
  /** UTF-16 offset into the parsed text where PostgreSQL points, or null when it points nowhere. */
  offset: number | null;
}

/** One statement of a parsed text: its node (e.g. `IndexStmt`) and where it lies. */
export interface RawStatement {
  /** The parse tree's node name, e.g. "IndexStmt", "DoStmt", "CreateFunctionStmt". */
  node: string;
  /** The node's fields, as libpg-query's JSON has them (PostgreSQL's struct field names). */
  fields: Record<string, unknown>;
  /** UTF-16 offsets of the statement in the parsed text (PostgreSQL's stmt_location/stmt_len, which count bytes). */
  start: number;
  end: number;
}

export type ParseResult = { ok: true; statements: RawStatement[] } | { ok: false; error: SqlError };

export interface PostgresParser {
  /** Parses SQL text (one or more statements); never throws for bad SQL. */
  parse(sql: string): ParseResult;
  /**
   * Compiles the PL/pgSQL bodies of the CREATE FUNCTION/PROCEDURE and DO
   * statements in `sql`: null when they compile, else PostgreSQL's message
   * (PL/pgSQL errors carry no position). Give it only statements that have a
   * PL/pgSQL body (see hasPlpgsqlBody): libpg-query aborts on BEGIN ATOMIC bodies.
   */
  plpgsql(sql: string): string | null;
}

interface LibPgQuery {
  loadModule(): Promise<void>;
  parseSync(sql: string): { stmts?: Array<{ stmt: Record<string, Record<string, unknown>>; stmt_location?: number; stmt_len?: number }> };
  parsePlPgSQLSync(sql: string): unknown;
}

let loading: Promise<PostgresParser> | undefined;

/** Loads the parser once per process (about 25 ms of WASM compilation, paid only when a migration changed). */
export function loadPostgresParser(): Promise<PostgresParser> {
  loading ??= load();
  return loading;
}

async function load(): Promise<PostgresParser> {
  const lib = await importPackage<LibPgQuery>("libpg-query");
  // V8 compiles WASM twice by default: a quick baseline, then optimised code
  // in the background. A hook parses a few statements and exits, so the second
  // compile only burns CPU (measured: about half the parser's start-up). Node
  // refuses this flag in NODE_OPTIONS; set here, before the module compiles,
  // it applies to this process's WASM only. (After the import: a changed flag
  // makes V8 refuse a code cache made later, and the launcher takes its data
  // when the first package is imported, src/launch.ts.)
  setFlagsFromString("--liftoff-only");
  await lib.loadModule();
  return {
    parse: (sql) => parse(lib, sql),
    plpgsql(sql) {
      try {
        lib.parsePlPgSQLSync(sql);
        return null;
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
    },
  };
}

function parse(lib: LibPgQuery, sql: string): ParseResult {
  // libpg-query rejects an empty text; PostgreSQL accepts it as no statement.
  if (sql.trim() === "") return { ok: true, statements: [] };
  let tree: ReturnType<LibPgQuery["parseSync"]>;
  try {
    tree = lib.parseSync(sql);
  } catch (e) {
    const details = (e as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
    const message = e instanceof Error ? e.message : String(e);
    // cursorPosition counts code points from 0 (PostgreSQL counts characters).
    const offset = details?.cursorPosition === undefined ? null : codePointsToOffset(sql, details.cursorPosition);
    return { ok: false, error: { message, offset } };
  }
  const bytes = byteOffsets(sql);
  return {
    ok: true,
    statements: (tree.stmts ?? []).map((raw) => {
      const [node, fields] = Object.entries(raw.stmt)[0] ?? ["", {}];
      const startByte = raw.stmt_location ?? 0;
      // stmt_len 0 means "to the end of the text".
      const endByte = raw.stmt_len ? startByte + raw.stmt_len : Infinity;
      return { node, fields, start: bytes(startByte), end: Math.min(bytes(endByte), sql.length) };
    }),
  };
}

/** The UTF-16 offset of the `count`th code point of `text` (past the end: its length). */
export function codePointsToOffset(text: string, count: number): number {
  let offset = 0;
  for (let i = 0; i < count && offset < text.length; i++) {
    const c = text.charCodeAt(offset);
    // A surrogate pair is one code point; a lone surrogate is one too (UTF-8
    // encodes it as U+FFFD, one character to PostgreSQL).
    offset += c >= 0xd800 && c <= 0xdbff && offset + 1 < text.length && (text.charCodeAt(offset + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
  }
  return offset;
}

/** Maps UTF-8 byte offsets (what PostgreSQL's statement locations count) to UTF-16 offsets. */
function byteOffsets(text: string): (byte: number) => number {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return (byte) => byte;
  return (byte) => {
    if (byte === Infinity) return text.length;
    let seen = 0;
    let offset = 0;
    while (offset < text.length && seen < byte) {
      const point = text.codePointAt(offset)!;
      const lone = point >= 0xd800 && point <= 0xdfff;
      seen += point < 0x80 ? 1 : point < 0x800 ? 2 : point < 0x10000 || lone ? 3 : 4;
      offset += point >= 0x10000 ? 2 : 1;
    }
    return offset;
  };
}
