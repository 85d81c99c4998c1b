import { error, type Rule } from "./types.js";

export const sqlSplit: Rule = {
  id: "sql-split",
  doc: "A DO block, function body or other statement that goose's ';' split cuts in pieces, so PostgreSQL gets half of it.",
  check({ set }) {
    return [...set.sql].flatMap(([file, analysis]) =>
      analysis.splits.map((s) => {
        const lines = (from: number, to: number) => (from === to ? `line ${from}` : `lines ${from}–${to}`);
        if (s.inBlock)
          return error(
            "sql-split",
            file,
            s.line,
            `The -- +goose StatementBegin/End block ends too early, inside this ${s.what}: goose sends ${lines(s.line, s.pieceEnd)} alone and PostgreSQL says: ${s.message}`,
            `Move "-- +goose StatementEnd" below line ${s.wholeEnd}, so goose sends ${lines(s.line, s.wholeEnd)} as one statement.`,
          );
        return error(
          "sql-split",
          file,
          s.line,
          `goose cuts this ${s.what} at the ';' ending line ${s.pieceEnd} (outside -- +goose StatementBegin/End, every line ending in ';' ends a statement): PostgreSQL gets ${lines(s.line, s.pieceEnd)} alone and says: ${s.message}`,
          `Put "-- +goose StatementBegin" on its own line above line ${s.line} and "-- +goose StatementEnd" below line ${s.wholeEnd}, so goose sends ${lines(s.line, s.wholeEnd)} as one statement.`,
        );
      }),
    );
  },
};
