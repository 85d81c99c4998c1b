import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseGoose, type GooseParse } from "../src/model/goose.js";
import { decodeText } from "../src/model/text.js";

const CORPUS = join(import.meta.dirname, "corpus", "goose");
const corpusFiles = readdirSync(CORPUS)
  .filter((f) => f.endsWith(".sql"))
  .sort();

function readCorpus(name: string): string {
  return decodeText(readFileSync(join(CORPUS, name)));
}

// The verdict convention is documented in test/corpus/goose/README.md.
const EXPECT = /^-- expect: (?:ok up=(\d+) down=(\d+|none)|error (\d+|none) (.+))$/;
const OPTIONS = /^-- options: (.*)$/;

/** The verdict lines are read without a byte order mark; goose parses the bytes as they are. */
function parseCorpus(name: string): { text: string; parsed: GooseParse } {
  const text = readCorpus(name);
  const [, second = ""] = text.split("\n");
  const requireDown = OPTIONS.exec(second)?.[1]?.split(/\s+/).includes("requireDown") ?? false;
  const asGooseReadsIt = decodeText(readFileSync(join(CORPUS, name)), { keepBom: true });
  return { text, parsed: parseGoose(asGooseReadsIt, { requireDown }) };
}

const texts = (p: GooseParse, section: "up" | "down") => p[section]!.statements.map((s) => s.text);
const lines = (p: GooseParse, section: "up" | "down") => p[section]!.statements.map((s) => s.line);

describe("goose corpus", () => {
  it("has files", () => {
    expect(corpusFiles.length).toBeGreaterThan(20);
  });

  for (const name of corpusFiles) {
    it(name, () => {
      const { text, parsed } = parseCorpus(name);
      const m = EXPECT.exec(text.split("\n")[0]!);
      expect(m, `${name}: first line must be an expect line`).not.toBeNull();
      const [, up, down, line, message] = m!;
      if (up !== undefined) {
        expect(parsed.problems).toEqual([]);
        expect(parsed.up?.statements.length).toBe(Number(up));
        if (down === "none") expect(parsed.down).toBeNull();
        else expect(parsed.down?.statements.length).toBe(Number(down));
      } else {
        expect(parsed.problems).toHaveLength(1);
        const [problem] = parsed.problems;
        expect(problem!.line).toBe(line === "none" ? null : Number(line));
        expect(problem!.message).toContain(message);
        expect(problem!.hint.length).toBeGreaterThan(0);
      }
    });
  }
});

describe("parseGoose statement splitting", () => {
  it("keeps comments inside a statement and drops those before it", () => {
    const { parsed } = parseCorpus("ok-comments-inside.sql");
    expect(parsed.up!.line).toBe(2);
    expect(texts(parsed, "up")).toEqual([
      "CREATE TABLE orders (\n    -- kept: the statement has started\n    id serial PRIMARY KEY,\n\n    total numeric -- kept as well\n);",
      "SELECT 1; SELECT 2;",
      "INSERT INTO orders (total)\n-- kept\nVALUES (1);",
    ]);
    expect(lines(parsed, "up")).toEqual([5, 12, 13]);
    expect(parsed.down!.line).toBe(17);
    expect(parsed.down!.statements).toEqual([{ text: "DROP TABLE orders;", line: 19 }]);
  });

  it("keeps a StatementBegin/End block as one statement, without the annotations", () => {
    const { parsed } = parseCorpus("ok-plpgsql.sql");
    const up = parsed.up!.statements;
    expect(lines(parsed, "up")).toEqual([3, 6, 18]);
    // Comments inside the block are kept: the block has started.
    expect(up[1]!.text.split("\n")).toEqual([
      "CREATE FUNCTION emp_stamp() RETURNS trigger AS $emp_stamp$",
      "    BEGIN",
      "        -- Check that salary is given",
      "        IF NEW.salary IS NULL THEN",
      "            RAISE EXCEPTION '% cannot have null salary', NEW.name;",
      "        END IF;",
      "        NEW.last_date := current_timestamp;",
      "        RETURN NEW;",
      "    END;",
      "$emp_stamp$ LANGUAGE plpgsql;",
    ]);
    expect(up[2]!.text).toBe("CREATE TRIGGER emp_stamp BEFORE INSERT OR UPDATE ON emp\n    FOR EACH ROW EXECUTE FUNCTION emp_stamp();");
    // Inside a block no semicolon is needed.
    expect(parsed.down!.statements).toEqual([
      { text: "DROP TRIGGER emp_stamp ON emp", line: 23, block: true },
      { text: "DROP FUNCTION emp_stamp();", line: 25 },
    ]);
  });

  it("keeps a trailing comment after ';' in the statement", () => {
    const { parsed } = parseCorpus("ok-trailing-comment.sql");
    expect(texts(parsed, "up")).toEqual([
      "CREATE TABLE t (id int); -- the table",
      "INSERT INTO t VALUES (1) ;   -- a space before the semicolon is fine",
    ]);
    expect(texts(parsed, "down")).toEqual(["DROP TABLE t; -- gone"]);
  });

  it("does not end a statement at a ';' inside a -- comment", () => {
    const { parsed } = parseCorpus("ok-semicolon-in-comment.sql");
    expect(parsed.up!.statements).toEqual([
      { text: "CREATE TABLE t (\n    id int -- this; does not end the statement\n);", line: 3 },
      { text: "SELECT 1 -- nor does this;\n;", line: 6 },
    ]);
  });

  it("reads NO TRANSACTION and ENVSUB and leaves ${VAR} unsubstituted", () => {
    expect(parseCorpus("ok-no-transaction.sql").parsed).toMatchObject({ noTransaction: true, envsub: false });
    expect(parseCorpus("ok-basic.sql").parsed).toMatchObject({ noTransaction: false, envsub: false });
    const { parsed } = parseCorpus("ok-envsub.sql");
    expect(parsed).toMatchObject({ noTransaction: false, envsub: true });
    expect(texts(parsed, "up")).toEqual(["CREATE SCHEMA IF NOT EXISTS ${APP_SCHEMA};", "SELECT '${not_substituted}';"]);
    // Each statement says whether ENVSUB was on for it.
    expect(parsed.up!.statements.map((s) => s.envsub ?? false)).toEqual([true, false]);
  });

  it("parses CRLF exactly like LF, but rejects a byte order mark as goose does", () => {
    const bytes = readFileSync(join(CORPUS, "err-crlf-bom.sql"));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.includes("\r\n")).toBe(true);
    const lf = bytes.toString("utf8").slice(1).replaceAll("\r\n", "\n");
    const withoutBom = parseGoose(decodeText(bytes));
    expect(withoutBom).toEqual(parseGoose(lf));
    expect(lines(withoutBom, "up")).toEqual([3, 7]);
    expect(texts(withoutBom, "up")[0]).toBe("CREATE TABLE crlf (\n    id int\n);");
    // goose: `unexpected state 0 on line "\ufeff-- expect: ..."`.
    const withBom = parseGoose(decodeText(bytes, { keepBom: true }));
    expect(withBom.problems).toEqual([
      { line: 1, message: expect.stringContaining('(BOM), which goose reads as part of the first line: it rejects the file ("unexpected state 0 on line \"\\ufeff-- expect:'), hint: expect.stringContaining("EF BB BF") },
    ]);
  });

  it("parses every corpus file the same with CRLF, and rejects each with a BOM at line 1", () => {
    for (const name of corpusFiles.filter((n) => n !== "err-crlf-bom.sql")) {
      const text = readCorpus(name);
      const crlf = Buffer.from(text.replaceAll("\n", "\r\n"), "utf8");
      const requireDown = /^-- options: .*requireDown/m.test(text);
      expect(parseGoose(decodeText(crlf), { requireDown }), name).toEqual(parseGoose(text, { requireDown }));
      const bom = parseGoose(decodeText(Buffer.concat([Buffer.from("\uFEFF"), crlf]), { keepBom: true }), { requireDown });
      expect(bom.problems.map((p) => [p.line, p.message.slice(0, 40)]), name).toEqual([[1, "the file starts with a UTF-8 byte order "]]);
    }
  });
});

describe("parseGoose follows goose's quirks", () => {
  it("needs the last word before '--' to end with ';'", () => {
    // "1;--" is one word that does not start with "--", and its last char is "-".
    const p = parseGoose("-- +goose Up\nSELECT 1;-- c\nSELECT 2;\n");
    expect(p.up!.statements).toEqual([{ text: "SELECT 1;-- c\nSELECT 2;", line: 2 }]);
    // Quotes are not understood: "--" inside a string starts a "comment".
    const q = parseGoose("-- +goose Up\nSELECT 'a -- b';\n");
    expect(q.problems[0]).toMatchObject({ line: 2, message: expect.stringContaining("missing semicolon?") });
  });

  it("matches the annotation name case-insensitively but not '+goose' itself", () => {
    expect(parseGoose("-- +goose uP\nSELECT 1;\n-- +goose sTaTeMeNtBeGiN\nSELECT 2\n-- +goose STATEMENTEND\n").problems).toEqual([]);
    // "+GOOSE" is not the marker, so this line is an ordinary comment and the file has no Up.
    expect(parseGoose("-- +GOOSE UP\nSELECT 1;\n").problems[0]).toMatchObject({ line: 2, message: expect.stringContaining("SQL before") });
    // Go's EqualFold folds the Kelvin sign onto k and the long s onto s.
    expect(parseGoose("-- +goose \u017FtatementBegin\n").problems[0]!.message).toContain("before");
    // Extra inner spaces are not accepted.
    expect(parseGoose("-- +goose Up\n-- +goose NO  TRANSACTION\n").problems[0]!.message).toContain("unknown goose annotation");
  });

  it("accepts annotations without a space after '--' and strips every '--'", () => {
    expect(parseGoose("--+goose Up\nSELECT 1;\n-- +goose Down --\n").problems).toEqual([]);
    expect(parseGoose("-- +goose Up -- the up part\n").problems[0]!.message).toContain('"Up  the up part"');
  });

  it("treats an indented annotation inside a block as an error", () => {
    const p = parseGoose("-- +goose Up\n-- +goose StatementBegin\nSELECT 1;\n  -- +goose StatementEnd\n");
    expect(p.problems).toEqual([{ line: 4, message: expect.stringContaining("indented"), hint: expect.any(String) }]);
  });

  it("joins text buffered before StatementBegin into the block's statement", () => {
    const p = parseGoose("-- +goose Up\nSELECT\n-- +goose StatementBegin\n1;\n-- +goose StatementEnd\n");
    // The annotation line is not part of it: each line says where it is in the file.
    expect(p.up!.statements).toEqual([{ text: "SELECT\n1;", line: 2, block: true, lines: [2, 4] }]);
  });

  it("starts a statement at a whitespace-only line, keeping the comments after it", () => {
    const p = parseGoose("-- +goose Up\n   \n-- kept\nSELECT 1;\n");
    expect(p.up!.statements).toEqual([{ text: "-- kept\nSELECT 1;", line: 3 }]);
    // ...and a whitespace-only remainder is not an unfinished statement.
    expect(parseGoose("-- +goose Up\nSELECT 1;\n  \t\n-- +goose Down\n \n").problems).toEqual([]);
  });

  it("drops the line after an empty StatementBegin/End block for an empty statement", () => {
    const p = parseGoose("-- +goose Up\n-- +goose StatementBegin\n-- only a comment\n-- +goose StatementEnd\n\nSELECT 1;\nSELECT 2;\n");
    expect(p.problems).toEqual([]);
    expect(p.up!.statements).toEqual([
      { text: "", line: 6, block: true },
      { text: "SELECT 2;", line: 7 },
    ]);
  });

  it("accepts annotations before Up and skips blank lines there", () => {
    const p = parseGoose("\n  \n-- +goose NO TRANSACTION\n-- +goose ENVSUB ON\n-- +goose ENVSUB OFF\n-- +goose Up\nSELECT 1;\n");
    expect(p).toMatchObject({ noTransaction: true, envsub: true, problems: [] });
    expect(p.up).toEqual({ line: 6, statements: [{ text: "SELECT 1;", line: 7 }] });
  });

  it("reports an Up annotation after Down as a duplicate Up", () => {
    expect(parseGoose("-- +goose Up\n-- +goose Down\n-- +goose Up\n").problems[0]).toMatchObject({
      line: 3,
      message: expect.stringContaining("duplicate '-- +goose Up' annotation (the first is on line 1)"),
    });
  });

  it("reports only the first error, and keeps what was parsed before it", () => {
    const p = parseGoose("-- +goose Up\nSELECT 1;\nSELECT 2\n-- +goose Down\n-- +goose Foo\nDROP x\n", { requireDown: true });
    expect(p.problems).toEqual([
      {
        line: 3,
        message: "unexpected unfinished SQL statement before '-- +goose Down': missing semicolon?",
        hint: "end the statement with ';' or wrap it in -- +goose StatementBegin / -- +goose StatementEnd",
      },
    ]);
    expect(texts(p, "up")).toEqual(["SELECT 1;"]);
    expect(p.down).toBeNull();
  });

  it("reports a missing Down only with requireDown", () => {
    const text = "-- +goose Up\nSELECT 1;\n";
    expect(parseGoose(text).problems).toEqual([]);
    expect(parseGoose(text, { requireDown: false }).problems).toEqual([]);
    expect(parseGoose(text, { requireDown: true }).problems).toEqual([
      { line: null, message: "missing '-- +goose Down' section", hint: expect.stringContaining("add '-- +goose Down'") },
    ]);
  });

  it("rejects an empty file like goose", () => {
    expect(parseGoose("").problems[0]).toMatchObject({ line: null, message: expect.stringContaining("missing '-- +goose Up'") });
  });

  it("rejects lines of 4 MiB or more, as goose's scanner does", () => {
    const long = "x".repeat(4 * 1024 * 1024);
    expect(parseGoose(`-- +goose Up\nSELECT '${long}';\n`).problems[0]).toMatchObject({ line: 2, message: expect.stringContaining("too long") });
    const fits = "x".repeat(4 * 1024 * 1024 - 12);
    expect(parseGoose(`-- +goose Up\nSELECT '${fits}';\n`).problems).toEqual([]);
  });
});
