// Questions answered from PostgreSQL's parse tree (libpg-query's JSON, whose
// field names are PostgreSQL's own struct fields; false and empty fields are
// left out of it).
import type { RawStatement } from "./postgres.js";

type Fields = Record<string, unknown>;

const list = (value: unknown): Fields[] => (Array.isArray(value) ? (value as Fields[]) : []);
const defElems = (value: unknown): Fields[] => list(value).flatMap((item) => (item.DefElem ? [item.DefElem as Fields] : []));
const option = (options: unknown, name: string): Fields | undefined => defElems(options).find((d) => d.defname === name);
const stringValue = (arg: unknown): string | undefined => {
  const s = (arg as { String?: { sval?: string } } | undefined)?.String?.sval;
  return typeof s === "string" ? s : undefined;
};
/** A boolean DefElem as PostgreSQL reads it: no argument means true. */
const optionIsTrue = (d: Fields | undefined): boolean | undefined => {
  if (!d) return undefined;
  if (d.arg === undefined) return true;
  const text = stringValue(d.arg) ?? String((d.arg as { Boolean?: { boolval?: boolean } }).Boolean?.boolval ?? (d.arg as { Integer?: { ival?: number } }).Integer?.ival ?? "");
  return !/^(false|off|no|0|)$/i.test(text);
};

/**
 * Why PostgreSQL refuses to run this statement inside a transaction block
 * (its PreventInTransactionBlock callers), named as a person writes it, or
 * null when it may run in one. `postgres` is the target major version.
 */
export function nonTransactional(statement: RawStatement, postgres: number): string | null {
  const f = statement.fields;
  switch (statement.node) {
    case "IndexStmt":
      return f.concurrent ? "CREATE INDEX CONCURRENTLY" : null;
    case "DropStmt":
      return f.concurrent ? "DROP INDEX CONCURRENTLY" : null;
    case "ReindexStmt": {
      if (optionIsTrue(option(f.params, "concurrently"))) return "REINDEX CONCURRENTLY";
      const kind = { REINDEX_OBJECT_SCHEMA: "SCHEMA", REINDEX_OBJECT_SYSTEM: "SYSTEM", REINDEX_OBJECT_DATABASE: "DATABASE" }[String(f.kind)];
      return kind ? `REINDEX ${kind}` : null;
    }
    case "VacuumStmt":
      // ANALYZE alone may run in a transaction; VACUUM may not.
      return f.is_vacuumcmd ? "VACUUM" : null;
    case "ClusterStmt":
      return f.relation ? null : "CLUSTER without a table name";
    case "CreatedbStmt":
      return "CREATE DATABASE";
    case "DropdbStmt":
      return "DROP DATABASE";
    case "AlterDatabaseStmt":
      return option(f.options, "tablespace") ? "ALTER DATABASE … SET TABLESPACE" : null;
    case "CreateTableSpaceStmt":
      return "CREATE TABLESPACE";
    case "DropTableSpaceStmt":
      return "DROP TABLESPACE";
    case "AlterSystemStmt":
      return "ALTER SYSTEM";
    case "DiscardStmt":
      return f.target === "DISCARD_ALL" ? "DISCARD ALL" : null;
    case "TransactionStmt":
      return f.kind === "TRANS_STMT_COMMIT_PREPARED" ? "COMMIT PREPARED" : f.kind === "TRANS_STMT_ROLLBACK_PREPARED" ? "ROLLBACK PREPARED" : null;
    case "AlterEnumStmt":
      // Allowed in a transaction block since PostgreSQL 12.
      return f.newVal !== undefined && f.oldVal === undefined && postgres < 12 ? `ALTER TYPE … ADD VALUE (before PostgreSQL 12)` : null;
    case "CreateSubscriptionStmt": {
      // create_slot defaults to true, unless connect = false.
      const connect = optionIsTrue(option(f.options, "connect")) ?? true;
      const slot = optionIsTrue(option(f.options, "create_slot")) ?? connect;
      return slot ? "CREATE SUBSCRIPTION that creates a replication slot" : null;
    }
    case "AlterTableStmt":
      return list(f.cmds).some((c) => {
        const cmd = c.AlterTableCmd as Fields | undefined;
        return cmd?.subtype === "AT_DetachPartition" && (cmd.def as { PartitionCmd?: Fields } | undefined)?.PartitionCmd?.concurrent;
      })
        ? "DETACH PARTITION CONCURRENTLY"
        : null;
    default:
      return null;
  }
}

/** A COPY that reads its rows from the client (`COPY … FROM stdin`): its data is not SQL. */
export function isCopyFromStdin(statement: RawStatement): boolean {
  const f = statement.fields;
  return statement.node === "CopyStmt" && f.is_from === true && f.filename === undefined && !f.is_program;
}

/**
 * What kind of PL/pgSQL body the statement holds ("DO block", "function",
 * "procedure"), or null: only PL/pgSQL bodies are compiled by parsePlPgSQL,
 * and SQL-standard bodies (BEGIN ATOMIC) must never reach it.
 */
export function plpgsqlBody(statement: RawStatement): string | null {
  const f = statement.fields;
  if (statement.node === "DoStmt") {
    const language = stringValue(option(f.args, "language")?.arg);
    return language === undefined || language.toLowerCase() === "plpgsql" ? "DO block" : null;
  }
  if (statement.node === "CreateFunctionStmt") {
    const language = stringValue(option(f.options, "language")?.arg);
    if (f.sql_body !== undefined || !option(f.options, "as") || language?.toLowerCase() !== "plpgsql") return null;
    return f.is_procedure ? "procedure" : "function";
  }
  return null;
}

/** Syntax PostgreSQL added in a given major version, found in a parse tree. */
export interface NewerSyntax {
  what: string;
  since: number;
}

// Checked against each node of the tree: the node's name and its fields.
// A few well-known additions, not the whole grammar's history (docs/sql.md).
const ADDITIONS: Array<{ node: string; since: number; what: string; test?: (f: Fields) => boolean }> = [
  { node: "Constraint", since: 10, what: "identity columns (GENERATED … AS IDENTITY)", test: (f) => f.contype === "CONSTR_IDENTITY" },
  { node: "CreateStmt", since: 10, what: "declarative partitioning (PARTITION BY)", test: (f) => f.partspec !== undefined },
  { node: "PartitionBoundSpec", since: 10, what: "partitions (PARTITION OF / FOR VALUES)" },
  { node: "CreateStatsStmt", since: 10, what: "CREATE STATISTICS" },
  { node: "IndexStmt", since: 11, what: "covering indexes (INCLUDE)", test: (f) => f.indexIncludingParams !== undefined },
  { node: "CreateFunctionStmt", since: 11, what: "CREATE PROCEDURE", test: (f) => f.is_procedure === true },
  { node: "CallStmt", since: 11, what: "CALL" },
  { node: "Constraint", since: 12, what: "generated columns (GENERATED ALWAYS AS … STORED)", test: (f) => f.contype === "CONSTR_GENERATED" && f.generated_kind === "s" },
  { node: "ReindexStmt", since: 12, what: "REINDEX CONCURRENTLY", test: (f) => optionIsTrue(option(f.params, "concurrently")) === true },
  { node: "SelectStmt", since: 13, what: "FETCH FIRST … WITH TIES", test: (f) => f.limitOption === "LIMIT_OPTION_WITH_TIES" },
  { node: "CreateTrigStmt", since: 14, what: "CREATE OR REPLACE TRIGGER", test: (f) => f.replace === true },
  { node: "CreateFunctionStmt", since: 14, what: "SQL-standard function bodies (BEGIN ATOMIC / RETURN)", test: (f) => f.sql_body !== undefined },
  { node: "PartitionCmd", since: 14, what: "DETACH PARTITION CONCURRENTLY", test: (f) => f.concurrent === true },
  { node: "MergeStmt", since: 15, what: "MERGE" },
  { node: "Constraint", since: 15, what: "UNIQUE NULLS NOT DISTINCT", test: (f) => f.nulls_not_distinct === true },
  { node: "IndexStmt", since: 15, what: "UNIQUE NULLS NOT DISTINCT", test: (f) => f.nulls_not_distinct === true },
  { node: "JsonObjectConstructor", since: 16, what: "JSON_OBJECT()" },
  { node: "JsonArrayConstructor", since: 16, what: "JSON_ARRAY()" },
  { node: "JsonArrayQueryConstructor", since: 16, what: "JSON_ARRAY()" },
  { node: "JsonObjectAgg", since: 16, what: "JSON_OBJECTAGG()" },
  { node: "JsonArrayAgg", since: 16, what: "JSON_ARRAYAGG()" },
  { node: "JsonIsPredicate", since: 16, what: "IS JSON" },
  { node: "JsonTable", since: 17, what: "JSON_TABLE" },
  { node: "JsonFuncExpr", since: 17, what: "JSON_EXISTS / JSON_QUERY / JSON_VALUE" },
  { node: "JsonParseExpr", since: 17, what: "JSON()" },
  { node: "JsonScalarExpr", since: 17, what: "JSON_SCALAR()" },
  { node: "JsonSerializeExpr", since: 17, what: "JSON_SERIALIZE()" },
  { node: "MergeStmt", since: 17, what: "MERGE … RETURNING", test: (f) => f.returningList !== undefined || f.returningClause !== undefined },
  { node: "MergeWhenClause", since: 17, what: "MERGE … WHEN NOT MATCHED BY SOURCE", test: (f) => f.matchKind === "MERGE_WHEN_NOT_MATCHED_BY_SOURCE" },
  { node: "Constraint", since: 18, what: "virtual generated columns (GENERATED ALWAYS AS … without STORED)", test: (f) => f.contype === "CONSTR_GENERATED" && f.generated_kind === "v" },
  { node: "Constraint", since: 18, what: "temporal keys (WITHOUT OVERLAPS / PERIOD)", test: (f) => f.without_overlaps === true || f.fk_with_period === true },
  { node: "ReturningClause", since: 18, what: "RETURNING WITH (OLD/NEW AS …)", test: (f) => f.options !== undefined },
];

/** The well-known syntax newer than `postgres` that the statement uses, each named once. */
export function newerSyntax(statement: RawStatement, postgres: number): NewerSyntax[] {
  const relevant = ADDITIONS.filter((a) => a.since > postgres);
  if (relevant.length === 0) return [];
  const found = new Map<string, NewerSyntax>();
  const visit = (node: string, fields: Fields): void => {
    for (const a of relevant) if (a.node === node && (!a.test || a.test(fields))) found.set(a.what, { what: a.what, since: a.since });
    walk(fields);
  };
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) for (const item of value) walk(item);
    else if (value !== null && typeof value === "object")
      for (const [key, child] of Object.entries(value)) {
        // Node names start with a capital letter; field names don't.
        if (/^[A-Z]/.test(key) && child !== null && typeof child === "object" && !Array.isArray(child)) visit(key, child as Fields);
        else walk(child);
      }
  };
  visit(statement.node, statement.fields);
  return [...found.values()];
}
