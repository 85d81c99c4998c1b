import { error, type Rule } from "./types.js";

export const sqlSyntax: Rule = {
  id: "sql-syntax",
  doc: "A statement in a new or changed migration that PostgreSQL's own parser rejects, Up or Down, PL/pgSQL bodies included.",
  check({ set }) {
    return [...set.sql].flatMap(([file, analysis]) =>
      analysis.syntax.map((e) => {
        const section = e.direction === "up" ? "Up" : "Down";
        const where = e.plpgsql ? ` (in the PL/pgSQL body of the ${e.plpgsql} starting here)` : "";
        const when = e.direction === "down" ? " goose runs the Down section only on `goose down`, so this waits for the day a rollback is needed." : "";
        const fix = e.encoding ? "Save the file as UTF-8: goose sends its bytes as they are, and the PostgreSQL drivers goose uses speak UTF-8." : "Correct the SQL.";
        return error("sql-syntax", file, e.line, `PostgreSQL rejects this ${section} statement: ${e.message}${where}`, `${fix}${when}`);
      }),
    );
  },
};
