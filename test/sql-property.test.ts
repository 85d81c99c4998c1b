import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { parseGoose } from "../src/model/goose.js";
import { analyzeMigration } from "../src/sql/analyze.js";
import { substituteLine } from "../src/sql/envsub.js";
import { codePointsToOffset, loadPostgresParser, type PostgresParser } from "../src/sql/postgres.js";

// Properties of the SQL layer, with PostgreSQL's real parser (the same WASM
// module the CLI loads). Fixed seed and bounded runs here; `npm run fuzz`
// (MIGHOOK_FUZZ_RUNS=<n>) runs them longer.
const RUNS = Number(process.env.MIGHOOK_FUZZ_RUNS ?? 150);
const SEED = 20251215;

let parser: PostgresParser;
beforeAll(async () => {
  parser = await loadPostgresParser();
});

// Text for a string literal: any code point, astral ones and lone surrogates
// included, but none that ends the literal, a line, or (for goose) a statement.
const literal = fc.string({ unit: "binary", maxLength: 12 }).map((s) => s.replace(/['\n\r\0;\\]/g, "x"));

interface Statement {
  literals: string[];
  /** Comment or blank lines before it, which goose drops. */
  gap: string[];
}

const statement = fc.record({
  literals: fc.array(literal, { minLength: 1, maxLength: 4 }),
  gap: fc.array(fc.constantFrom("", "-- a comment; with a semicolon", "   "), { maxLength: 2 }),
});

/** A SELECT over several lines; `broken` puts a stray ')' on one of its literal lines. */
function render(s: Statement, broken: number | null): string[] {
  const lines = ["SELECT"];
  s.literals.forEach((text, i) => lines.push(`  '${text}'${broken === i ? " )" : ""} AS c${i}${i < s.literals.length - 1 ? "," : ""}`));
  lines.push("FROM t;");
  return lines;
}

describe("sql-syntax lines (property)", () => {
  it("a stray token is reported at its own line, whatever code points come before it, in Up or in Down", () => {
    fc.assert(
      fc.property(
        fc.array(statement, { minLength: 1, maxLength: 5 }),
        fc.array(statement, { maxLength: 3 }),
        fc.nat(),
        fc.nat(),
        (up, down, pick, linePick) => {
          const all = [...up, ...down];
          const target = pick % all.length;
          const brokenLiteral = linePick % all[target]!.literals.length;
          const lines = ["-- +goose Up"];
          let expected = 0;
          all.forEach((s, i) => {
            if (i === up.length) lines.push("-- +goose Down");
            lines.push(...s.gap.filter((g) => !(g.trim() === "" && lines.length === 1)));
            if (i === target) expected = lines.length + 2 + brokenLiteral; // SELECT, then the literal lines (1-based)
            lines.push(...render(s, i === target ? brokenLiteral : null));
          });
          if (down.length === 0) lines.push("-- +goose Down");
          const goose = parseGoose(lines.join("\n") + "\n");
          expect(goose.problems).toEqual([]);
          const result = analyzeMigration(goose, parser);
          expect(result.syntax.map((e) => [e.line, e.message])).toEqual([[expected, 'syntax error at or near ")"']]);
          expect(result.splits).toEqual([]);
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });
});

describe("sql-split (property)", () => {
  it("a DO block is one finding with its whole span when unwrapped, and none when wrapped", () => {
    fc.assert(
      fc.property(fc.array(literal, { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 3 }), fc.boolean(), (texts, before, wrapped) => {
        const lines = ["-- +goose Up"];
        for (let i = 0; i < before; i++) lines.push(`CREATE TABLE t${i} (id int);`);
        if (wrapped) lines.push("-- +goose StatementBegin");
        const start = lines.length + 1;
        lines.push("DO $$", "BEGIN");
        for (const text of texts) lines.push(`  RAISE NOTICE '${text}';`);
        lines.push("END", "$$;");
        const end = lines.length;
        if (wrapped) lines.push("-- +goose StatementEnd");
        lines.push("SELECT 1;", "-- +goose Down", "");
        const result = analyzeMigration(parseGoose(lines.join("\n")), parser);
        expect(result.syntax).toEqual([]);
        if (wrapped) expect(result.splits).toEqual([]);
        else
          expect(result.splits).toEqual([
            expect.objectContaining({ line: start, pieceEnd: start + 2, wholeEnd: end, what: "DO block", inBlock: false }),
          ]);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});

describe("code points (property)", () => {
  it("codePointsToOffset agrees with the string's own code point iteration", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), fc.nat(50), (text, n) => {
        expect(codePointsToOffset(text, n)).toBe(Array.from(text).slice(0, n).join("").length);
      }),
      { numRuns: RUNS * 4, seed: SEED },
    );
  });
});

describe("ENVSUB (property)", () => {
  it("leaves a line without '$' as it is, and reads any line without throwing", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (line) => {
        const plain = line.replace(/\$/g, "");
        expect(substituteLine(plain, () => "v")).toEqual({ ok: true, text: plain, variables: 0, collapsedDollars: false });
        const mixed = substituteLine(line, (name, fallback) => fallback ?? `<${name}>`);
        if (mixed.ok) expect(mixed.text.split("$").length).toBeLessThanOrEqual(line.split("$").length);
        else expect(mixed.message).toMatch(/^(Expected|Unable)/);
      }),
      { numRuns: RUNS * 4, seed: SEED },
    );
  });

  it("expands what goose expands", () => {
    const v = (name: string, fallback: string | undefined) => fallback ?? `<${name}>`;
    expect(substituteLine("a $X ${Y} ${Z:-d} ${W-e} $$ \\$ \\\\ $( x$", v)).toEqual({
      ok: true,
      text: "a <X> <Y> d e $ $ \\\\ $( x$",
      variables: 4,
      collapsedDollars: true,
    });
    expect(substituteLine("${A:-${B}}", v)).toMatchObject({ ok: true, text: "<B>" });
    expect(substituteLine("$1", v)).toEqual({ ok: false, message: "Expected identifier to start with a letter, got 1" });
    expect(substituteLine("${A", v)).toEqual({ ok: false, message: "Expected an operator, got end of line" });
  });
});
