import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { copyFromStdinLine } from "../src/apply/copy.js";
import { createdRole, requestedExtensions, splitSql } from "../src/apply/statements.js";

// The small SQL reader --apply uses for setup files, whole-file migrations and
// COPY detection: it must never split inside a literal, a quoted name, a
// dollar-quoted body or a comment, nor merge two statements.
const RUNS = Number(process.env.MIGHOOK_FUZZ_RUNS ?? 200);

const word = fc.constantFrom("SELECT", "1", "x", "CREATE", "TABLE", "t", "FROM", "stdin", "COPY", "E", "e", "$1", "a$b");
const fragment = fc.oneof(
  word,
  fc.constantFrom(
    "'a;b'",
    "'it''s; ok'",
    "E'x\\';y'",
    '"semi;colon"',
    '"a""b;"',
    "$$ body; with ; semicolons $$",
    "$fn$ BEGIN; RETURN 1; END; $fn$",
    "-- comment; with a semicolon\n",
    "/* block; /* nested; */ still; */",
    "(1; 2)",
    "\n",
  ),
);
const statement = fc
  .tuple(word, fc.array(fragment, { maxLength: 6 }), word)
  .map(([first, rest, last]) => [first, ...rest, last].join(" "));

describe("splitSql", () => {
  it("splits only at top-level semicolons (property, fixed seed)", () => {
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 6 }), (statements) => {
        const text = statements.join(";\n");
        expect(splitSql(text).map((s) => s.text)).toEqual(statements);
      }),
      { numRuns: RUNS, seed: 1202 },
    );
  });

  it("gives each statement the line of its first code, past comments", () => {
    const text = "-- setup\nCREATE ROLE a;\n\n/* two\nlines */ CREATE ROLE \"B\";\nSELECT 'x;\ny';\nSELECT 2";
    expect(splitSql(text).map((s) => s.line)).toEqual([2, 5, 6, 8]);
    expect(splitSql(text, 10)[0]!.line).toBe(11);
  });

  it("tells COPY … FROM STDIN (from the parse tree), CREATE EXTENSION and CREATE ROLE from lookalikes", async () => {
    expect(await copyFromStdinLine("SELECT 1;\n-- load\ncopy t (a) from STDIN with (format csv);", 10)).toBe(12);
    for (const other of ["COPY t FROM '/tmp/x';", "COPY t TO stdout;", "SELECT 'COPY t FROM stdin';", "-- COPY t FROM stdin\nSELECT 1;", "CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ SELECT 'COPY x FROM stdin' $$;"])
      expect(await copyFromStdinLine(other), other).toBeNull();
    expect(requestedExtensions('CREATE EXTENSION IF NOT EXISTS pgcrypto;\ncreate extension "uuid-ossp";\n-- CREATE EXTENSION vector;\nSELECT 1')).toEqual([
      "pgcrypto",
      "uuid-ossp",
    ]);
    expect(splitSql('CREATE ROLE Slm_User;\nCREATE USER "Mixed";\nALTER ROLE x;').map(createdRole)).toEqual(["slm_user", "Mixed", null]);
  });
});
