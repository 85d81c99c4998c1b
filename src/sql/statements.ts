// The statements goose would send to the database, one by one, with where
// each lies in the file: the split is model/goose.ts's port of goose's own.
// Nothing here loads the parser: this is plain text work, shared by the
// parse-time checks (sql/analyze.ts) and by anything that runs migrations.
import type { GooseParse, GooseStatement } from "../model/goose.js";

export type Direction = "up" | "down";

export interface MigrationStatement {
  direction: Direction;
  /** Its position among its section's goose statements, from 0. */
  index: number;
  /** 1-based line of its first character in the migration file. */
  line: number;
  /** The file line of each line of `text` and `sql` (consecutive unless an annotation stands between two). */
  lines: number[];
  /** Exactly what goose sends to the database (before ENVSUB). */
  text: string;
  /**
   * What to parse: `text` with COPY … FROM stdin data rows blanked (each row
   * becomes an empty line, so offsets still map to the file's lines).
   */
  sql: string;
  /** A StatementBegin/End block, which goose does not cut at ';'. */
  block: boolean;
  /** ENVSUB was on for one of its lines: `${VAR}` and `$VAR` are goose's to fill in (see sql/envsub.ts). */
  envsub: boolean;
  /** The 1-based file lines goose substitutes. */
  envsubLines: number[];
  /** Data rows of a COPY … FROM stdin that this statement starts: the text between the COPY and `\.`. */
  copyData?: string;
  /** The statement is only COPY data (and comments): nothing in it is SQL. */
  onlyData: boolean;
}

/**
 * Every statement of both sections, Up first, as goose splits them. A file
 * goose rejects (parse.problems) yields what goose read before the error.
 */
export function migrationStatements(parse: GooseParse): MigrationStatement[] {
  return [...section("up", parse.up?.statements ?? []), ...section("down", parse.down?.statements ?? [])];
}

// A COPY reading from the client ends its command line; the rows follow, up
// to a line holding only `\.` (pg_dump's format, which psql feeds to COPY).
const COPY_FROM_STDIN = /^\s*(?:--[^\n]*\n\s*)*COPY\s[\s\S]*\bFROM\s+STDIN\b[^;]*;\s*(?:--.*)?$/i;
const END_OF_DATA = /^\\\.\s*$/;

function section(direction: Direction, statements: GooseStatement[]): MigrationStatement[] {
  let inData = false;
  // The statement whose COPY the rows belong to, and its rows so far.
  let copyOwner: MigrationStatement | null = null;
  let rows: string[] = [];
  return statements.map((stmt, index) => {
    const out: MigrationStatement = {
      direction,
      index,
      line: stmt.line,
      lines: stmt.lines ?? stmt.text.split("\n").map((_, i) => stmt.line + i),
      text: stmt.text,
      sql: stmt.text,
      block: stmt.block === true,
      envsub: stmt.envsub === true,
      envsubLines: stmt.envsubLines ?? [],
      onlyData: false,
    };
    const lines = stmt.text.split("\n");
    // Where the current SQL command began (after a ';' or the end of data).
    let commandStart = 0;
    let sawSql = false;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (inData) {
        lines[i] = "";
        if (END_OF_DATA.test(line)) {
          inData = false;
          copyOwner!.copyData = rows.join("\n") + (rows.length ? "\n" : "");
          copyOwner = null;
          rows = [];
          commandStart = i + 1;
        } else rows.push(line);
        continue;
      }
      if (line.trim() !== "" && !line.trim().startsWith("--")) sawSql = true;
      if (/;\s*(?:--.*)?$/.test(line)) {
        const command = lines.slice(commandStart, i + 1).join("\n");
        const lastCommand = command.slice(command.lastIndexOf(";", command.lastIndexOf(";") - 1) + 1);
        if (COPY_FROM_STDIN.test(lastCommand)) {
          inData = true;
          copyOwner = out;
          rows = [];
        }
        commandStart = i + 1;
      }
    }
    out.sql = lines.join("\n");
    out.onlyData = !sawSql;
    return out;
  });
}

/** The file line of a UTF-16 offset into a text whose lines lie at `lines` in the file. */
export function fileLineAt(lines: number[], text: string, offset: number): number {
  let k = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) k++;
  return lines[Math.min(k, lines.length - 1)]!;
}

/** The file line of a UTF-16 offset into a statement's `sql`. */
export const lineOf = (statement: MigrationStatement, offset: number): number => fileLineAt(statement.lines, statement.sql, offset);

/** The file line of a statement's last line. */
export const lastLineOf = (statement: MigrationStatement): number => statement.lines.at(-1)!;
