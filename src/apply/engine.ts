// What applying needs from a PostgreSQL: run SQL, read rows, close. PGlite
// (embedded) and a real server through `pg` both provide it.
import { MighookError } from "../errors.js";

export interface Engine {
  /** how reports name it: "PGlite (PostgreSQL 18.1)" */
  label: string;
  /** runs SQL by the simple protocol, as goose and a suite's db.Exec do: several statements may share one call */
  exec(sql: string): Promise<void>;
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

/** PostgreSQL's own report of a failed statement. */
export class SqlError extends Error {
  constructor(
    message: string,
    /** 1-based character position in the statement sent, when PostgreSQL gives one */
    readonly position: number | null,
    readonly detail: string | null,
    readonly hint: string | null,
  ) {
    super(message);
  }
}

/** PGlite's and pg's errors carry the same fields (position as a string in pg). */
export function toSqlError(error: unknown): SqlError {
  const e = error as { message?: string; position?: string | number; detail?: string; hint?: string; severity?: string };
  if (e && typeof e === "object" && typeof e.message === "string" && "severity" in e) {
    const position = e.position === undefined || e.position === null || e.position === "" ? null : Number(e.position);
    return new SqlError(e.message, Number.isFinite(position) ? position : null, e.detail || null, e.hint || null);
  }
  throw error;
}

/** An optional dependency --apply needs, or exit 2 saying how to install it. */
export async function loadOptional<T>(name: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND")
      throw new MighookError(
        `--apply (or "apply" in the config) needs the package ${name}, which is not installed`,
        `It is an optional dependency of mighook: install it beside mighook (npm install --save-dev ${name}), or reinstall mighook without --omit=optional / --no-optional.`,
      );
    throw error;
  }
}
