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
        if (e.envsub === "fails")
          return error(
            "sql-syntax",
            file,
            e.line,
            `goose's ENVSUB cannot read this line and stops the migration ("variable substitution failed"): ${e.message}`,
            "Under -- +goose ENVSUB ON every '$' starts a variable ($NAME or ${NAME}, NAME starting with a letter): write $$ or \\$ for a literal '$', or put -- +goose ENVSUB OFF before this line.",
          );
        if (e.envsub === "collapses")
          return error(
            "sql-syntax",
            file,
            e.line,
            `goose's ENVSUB turns '$$' into '$' on this line, and PostgreSQL then rejects the ${section} statement: ${e.message}`,
            "Put -- +goose ENVSUB OFF before the dollar-quoted body and -- +goose ENVSUB ON after it (goose substitutes line by line), or write each '$' of the quote as '$$'.",
          );
        const fix = e.encoding ? "Save the file as UTF-8: goose sends its bytes as they are, and the PostgreSQL drivers goose uses speak UTF-8." : "Correct the SQL.";
        return error("sql-syntax", file, e.line, `PostgreSQL rejects this ${section} statement: ${e.message}${where}`, `${fix}${when}`);
      }),
    );
  },
};
