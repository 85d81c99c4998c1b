import { error, type Rule } from "./types.js";

export const sqlNoTransaction: Rule = {
  id: "sql-no-transaction",
  doc: "A statement PostgreSQL refuses inside a transaction block (CREATE INDEX CONCURRENTLY, VACUUM…) in a migration goose runs in one.",
  check({ set }) {
    return [...set.sql].flatMap(([file, analysis]) =>
      analysis.noTransaction.map((n) => {
        const section = n.direction === "up" ? "" : " (Down section)";
        if (n.why === "transaction")
          return error(
            "sql-no-transaction",
            file,
            n.line,
            `${n.what} cannot run inside a transaction block, and goose runs this migration in one: the file has no "-- +goose NO TRANSACTION"${section}`,
            'Add "-- +goose NO TRANSACTION" on its own line at the top of the file. goose then runs each statement on its own; a failure halfway is not rolled back, so keep such a migration small.',
          );
        return error(
          "sql-no-transaction",
          file,
          n.line,
          `${n.what} cannot run inside a transaction block, and PostgreSQL runs the statements goose sends together (one StatementBegin/End block, or several on one line) as one${section}`,
          "Give it its own statement: end it with ';' at the end of its line, outside -- +goose StatementBegin/End, with nothing else on that statement.",
        );
      }),
    );
  },
};
