import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { incidentRepo, json, listedWith, SUITE, suiteListing, type JsonFinding } from "./helpers/incident.js";
import { Repo } from "./helpers/repo.js";

// PostgreSQL's own parser at commit time, as goose splits and runs each file.
// Every case stages a real migration in a real repository and runs the packed
// mighook's `check --staged`, as the pre-commit hook does.

const FILE = "migrations/001_a.sql";

function check(sql: string, config?: object, file = FILE): { code: number; findings: JsonFinding[]; stderr: string } {
  const repo = new Repo();
  if (config) repo.write("mighook.config.json", JSON.stringify(config, null, 2));
  repo.write(file, sql).git("add", "-A");
  const result = repo.mighook(["check", "--staged", "--format", "json"]);
  return { code: result.code, findings: result.stdout ? json(result.stdout).findings : [], stderr: result.stderr };
}

const at = (findings: JsonFinding[]) => findings.map((f) => `${f.rule} ${f.file}:${f.line}`);

describe("sql-syntax", () => {
  it("points at a typo's line, in Up and in Down, with PostgreSQL's own message", () => {
    const { code, findings } = check(
      [
        "-- +goose Up",
        "CREATE TABLE t (",
        "  id int,",
        "  name text",
        ");",
        "",
        "INSERT INTO t (id, name)",
        "VALUES (1, 'a')",
        "RETURNIN id;",
        "-- +goose Down",
        "-- the incident's own Down, in two of its files",
        "DROP TABLE IF NOT EXISTS t;",
        "",
      ].join("\n"),
    );
    expect(code).toBe(1);
    expect(at(findings)).toEqual([`sql-syntax ${FILE}:9`, `sql-syntax ${FILE}:12`]);
    expect(findings[0]!.message).toBe('PostgreSQL rejects this Up statement: syntax error at or near "RETURNIN"');
    expect(findings[1]!.message).toBe('PostgreSQL rejects this Down statement: syntax error at or near "NOT"');
    expect(findings[1]!.hint).toContain("goose down");
  });

  it("counts code points, not UTF-16 units, to find the line (astral characters before the error)", () => {
    const { findings } = check("-- +goose Up\nSELECT '😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀',\n  1\n  2 FROM t;\n-- +goose Down\n");
    expect(at(findings)).toEqual([`sql-syntax ${FILE}:4`]);
    expect(findings[0]!.message).toContain('at or near "2"');
  });

  it("keeps the file's line numbers when an annotation line stands inside a statement", () => {
    const { findings } = check("-- +goose Up\n-- +goose StatementBegin\nSELECT 1,\n-- +goose ENVSUB ON\n-- +goose ENVSUB OFF\n  2 FORM t;\n-- +goose StatementEnd\n-- +goose Down\n");
    expect(at(findings)).toEqual([`sql-syntax ${FILE}:6`]);
  });

  it("passes a function body and a DO block between StatementBegin and StatementEnd", () => {
    const { code, findings } = check(
      [
        "-- +goose Up",
        "-- +goose StatementBegin",
        "CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$",
        "BEGIN",
        "  NEW.updated_at := now();",
        "  RETURN NEW;",
        "END;",
        "$$;",
        "-- +goose StatementEnd",
        "-- +goose StatementBegin",
        "DO $$",
        "BEGIN",
        "  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'mood') THEN",
        "    CREATE TYPE mood AS ENUM ('sad', 'ok');",
        "  END IF;",
        "END",
        "$$;",
        "-- +goose StatementEnd",
        "-- +goose Down",
        "DROP FUNCTION touch();",
        "",
      ].join("\n"),
    );
    expect(findings).toEqual([]);
    expect(code).toBe(0);
  });

  it("compiles PL/pgSQL bodies and reports their errors at the statement's line", () => {
    const { findings } = check(
      [
        "-- +goose Up",
        "-- +goose StatementBegin",
        "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$",
        "BEGIN",
        "  RETURN 1",
        "END;",
        "$$;",
        "-- +goose StatementEnd",
        "-- +goose Down",
        "DROP FUNCTION f();",
        "",
      ].join("\n"),
    );
    expect(at(findings)).toEqual([`sql-syntax ${FILE}:3`]);
    expect(findings[0]!.message).toContain("PL/pgSQL body of the function");
  });

  it("checks only what the change adds or modifies: a committed broken migration left alone passes", () => {
    const repo = new Repo();
    repo.write("migrations/001_old.sql", "-- +goose Up\nSELEC 1;\n-- +goose Down\n").commitAll();
    repo.write("migrations/002_new.sql", "-- +goose Up\nSELECT 1;\n-- +goose Down\nSELECT 1;\n").git("add", "-A");
    expect(repo.mighook(["check", "--staged"]).code).toBe(0);
  });

  it("flags bytes that are not UTF-8 inside a statement (a Latin-1 file), as PostgreSQL would, not in a comment goose drops", () => {
    const repo = new Repo();
    const latin1 = Buffer.from("-- +goose Up\n-- caf\xe9, a comment goose drops\nINSERT INTO t VALUES ('caf\xe9');\n-- +goose Down\n", "latin1");
    repo.write(FILE, "");
    writeFileSync(join(repo.dir, FILE), latin1);
    repo.git("add", "-A");
    const findings = json(repo.mighook(["check", "--staged", "--format", "json"]).stdout).findings;
    expect(at(findings)).toEqual([`sql-syntax ${FILE}:3`]);
    expect(findings[0]!.message).toBe('PostgreSQL rejects this Up statement: invalid byte sequence for encoding "UTF8": 0xe9 0x27 0x29');
    expect(findings[0]!.hint).toContain("Save the file as UTF-8");
  });

  it('is off with "dialect": "none"', () => {
    const { code, findings } = check("-- +goose Up\nSELEC 1;\n-- +goose Down\n", { sets: [{ dir: "migrations", dialect: "none" }] });
    expect(findings).toEqual([]);
    expect(code).toBe(0);
  });
});

describe("sql-split", () => {
  it("explains an unwrapped DO block that goose cuts at its inner ';', with the lines to wrap", () => {
    const { findings } = check(
      [
        "-- +goose Up",
        "CREATE TABLE t (id int);",
        "",
        "DO $$",
        "BEGIN",
        "  INSERT INTO t VALUES (1);",
        "  -- more",
        "  INSERT INTO t VALUES (2);",
        "END",
        "$$;",
        "-- +goose Down",
        "DROP TABLE t;",
        "",
      ].join("\n"),
    );
    // One finding for the cut block, not one per piece.
    expect(at(findings)).toEqual([`sql-split ${FILE}:4`]);
    expect(findings[0]!.message).toContain("goose cuts this DO block at the ';' ending line 6");
    expect(findings[0]!.message).toContain("unterminated dollar-quoted string");
    expect(findings[0]!.hint).toBe(
      'Put "-- +goose StatementBegin" on its own line above line 4 and "-- +goose StatementEnd" below line 10, so goose sends lines 4–10 as one statement.',
    );
  });

  it("still reports a typo inside the block once the pieces are put together", () => {
    const { findings } = check("-- +goose Up\nCREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN 1;\nEND\n$$ LANGUAG plpgsql;\n-- +goose Down\n");
    expect(at(findings)).toEqual([`sql-split ${FILE}:2`, `sql-syntax ${FILE}:6`]);
    expect(findings[0]!.message).toContain("function body");
  });

  it("puts back a long block (hundreds of pieces) and a string cut at a ';', each as one finding", () => {
    const inner = Array.from({ length: 400 }, (_, i) => `  INSERT INTO t VALUES (${i});`);
    const { findings } = check(["-- +goose Up", "DO $body$", "BEGIN", ...inner, "END", "$body$;", "INSERT INTO notes VALUES ('first;", "second');", "-- +goose Down", ""].join("\n"));
    expect(at(findings)).toEqual([`sql-split ${FILE}:2`, `sql-split ${FILE}:406`]);
    expect(findings[0]!.hint).toContain("lines 2–405");
    expect(findings[1]!.message).toContain("goose cuts this statement at the ';' ending line 406");
    expect(findings[1]!.message).toContain("unterminated quoted string");
  });

  it("names a StatementEnd that comes too early", () => {
    const { findings } = check("-- +goose Up\n-- +goose StatementBegin\nDO $$\nBEGIN\n  PERFORM 1;\n-- +goose StatementEnd\nEND $$;\n-- +goose Down\n");
    expect(at(findings)).toEqual([`sql-split ${FILE}:3`]);
    expect(findings[0]!.hint).toContain('Move "-- +goose StatementEnd" below line 7');
  });

  it("leaves a real unterminated string a syntax error", () => {
    const { findings } = check("-- +goose Up\nSELECT 'abc;\nSELECT 1;\n-- +goose Down\n");
    expect(at(findings)).toEqual([`sql-syntax ${FILE}:2`]);
    expect(findings[0]!.message).toContain("unterminated quoted string");
  });
});

describe("sql-no-transaction", () => {
  const concurrently = (header: string) => `-- +goose Up\n${header}CREATE INDEX CONCURRENTLY t_id ON t (id);\n-- +goose Down\nDROP INDEX CONCURRENTLY t_id;\n`;

  it("flags CREATE INDEX CONCURRENTLY without NO TRANSACTION, Up and Down, and passes with it", () => {
    const bad = check(concurrently(""));
    expect(bad.code).toBe(1);
    expect(at(bad.findings)).toEqual([`sql-no-transaction ${FILE}:2`, `sql-no-transaction ${FILE}:4`]);
    expect(bad.findings[0]!.message).toContain("CREATE INDEX CONCURRENTLY cannot run inside a transaction block");
    expect(bad.findings[0]!.hint).toContain('"-- +goose NO TRANSACTION"');
    expect(bad.findings[1]!.message).toContain("DROP INDEX CONCURRENTLY");

    const good = check(concurrently("-- +goose NO TRANSACTION\n"));
    expect(good.findings).toEqual([]);
    expect(good.code).toBe(0);
  });

  it("knows the other statements that refuse a transaction block, and the ones that don't", () => {
    const { findings } = check(
      [
        "-- +goose Up",
        "VACUUM ANALYZE t;",
        "ANALYZE t;",
        "REINDEX TABLE CONCURRENTLY t;",
        "REINDEX TABLE t;",
        "CREATE DATABASE d;",
        "ALTER SYSTEM SET work_mem = '64MB';",
        "ALTER TYPE mood ADD VALUE 'happy';",
        "CLUSTER;",
        "CLUSTER t USING t_pkey;",
        "ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY;",
        "-- +goose Down",
        "",
      ].join("\n"),
    );
    expect(findings.map((f) => f.line)).toEqual([2, 4, 6, 7, 9, 11]);
  });

  it("flags ALTER TYPE … ADD VALUE in a transaction only for a set on PostgreSQL 11 or older", () => {
    const sql = "-- +goose Up\nALTER TYPE mood ADD VALUE 'happy';\n-- +goose Down\n";
    expect(check(sql, { sets: [{ dir: "migrations", postgres: 11 }] }).findings.map((f) => f.rule)).toContain("sql-no-transaction");
    expect(check(sql, { sets: [{ dir: "migrations", postgres: 12 }] }).findings.map((f) => f.rule)).not.toContain("sql-no-transaction");
  });

  it("with NO TRANSACTION, flags one sent together with other statements", () => {
    const { findings } = check(
      "-- +goose NO TRANSACTION\n-- +goose Up\n-- +goose StatementBegin\nCREATE TABLE t (id int);\nCREATE INDEX CONCURRENTLY t_id ON t (id);\n-- +goose StatementEnd\n-- +goose Down\n",
    );
    expect(at(findings)).toEqual([`sql-no-transaction ${FILE}:5`]);
    expect(findings[0]!.message).toContain("as one");
  });
});

describe("what can't be judged offline is skipped, not flagged", () => {
  it("ENVSUB placeholders, wherever they stand", () => {
    const { findings, code } = check(
      [
        "-- +goose Up",
        "-- +goose ENVSUB ON",
        "CREATE SCHEMA IF NOT EXISTS ${APP_SCHEMA};",
        "CREATE ROLE $APP_USER LOGIN PASSWORD '${APP_PASSWORD}';",
        "ALTER ROLE reader CONNECTION LIMIT ${LIMIT:-5};",
        "SELECT * FROM t LIMIT ${ROWS};",
        "${WHOLE_STATEMENT};",
        "-- +goose ENVSUB OFF",
        "-- +goose Down",
        "DROP SCHEMA ${APP_SCHEMA};",
        "",
      ].join("\n"),
    );
    // The Down's ${APP_SCHEMA} is outside ENVSUB: goose sends it as written, and PostgreSQL refuses it.
    expect(at(findings)).toEqual([`sql-syntax ${FILE}:10`]);
    expect(code).toBe(1);
  });

  it("ENVSUB works line by line: a '$$' it turns into '$' breaks the block, unless ENVSUB is off around it; a '$1' stops goose", () => {
    const block = (on: string, off: string) =>
      ["-- +goose Up", on, "-- +goose StatementBegin", "CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $$", off, "BEGIN", "  RETURN '${GREETING:-hi}';", "END;", off ? "-- +goose ENVSUB ON" : "", "$$;", "-- +goose StatementEnd", "-- +goose Down", ""].join("\n");
    const broken = check(block("-- +goose ENVSUB ON", ""));
    expect(at(broken.findings)).toEqual([`sql-syntax ${FILE}:4`]);
    expect(broken.findings[0]!.message).toContain("goose's ENVSUB turns '$$' into '$' on this line");
    // goose's own test data does this: ENVSUB off for the lines holding the dollar quotes.
    const fine = ["-- +goose Up", "-- +goose StatementBegin", "CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $$", "-- +goose ENVSUB ON", "BEGIN", "  RETURN '${GREETING:-hi}';", "END;", "-- +goose ENVSUB OFF", "$$;", "-- +goose StatementEnd", "-- +goose Down", ""].join("\n");
    expect(check(fine).findings).toEqual([]);
    const param = check("-- +goose Up\n-- +goose ENVSUB ON\nPREPARE q AS SELECT $1;\n-- +goose Down\n");
    expect(at(param.findings)).toEqual([`sql-syntax ${FILE}:3`]);
    expect(param.findings[0]!.message).toBe(`goose's ENVSUB cannot read this line and stops the migration ("variable substitution failed"): Expected identifier to start with a letter, got 1`);
  });

  it("COPY … FROM stdin data, while the SQL around it is still parsed", () => {
    const { findings } = check(
      [
        "-- +goose Up",
        "CREATE TABLE t (id int, name text);",
        "COPY t (id, name) FROM stdin;",
        "1\tone;",
        "2\t(two",
        "\\.",
        "SELEC 1;",
        "-- +goose Down",
        "DROP TABLE t;",
        "",
      ].join("\n"),
    );
    expect(at(findings)).toEqual([`sql-syntax ${FILE}:7`]);
  });
});

describe("mighook:ignore", () => {
  const sql = (comment: string) => `-- +goose Up\n${comment}\nCREATE INDEX CONCURRENTLY t_id ON t (id);\n-- +goose Down\nSELEC 1;\n`;

  it("silences its rule for the file when it gives a reason, and only that rule", () => {
    const { findings } = check(sql("-- mighook:ignore sql-no-transaction: the deploy script runs this file by hand"));
    expect(at(findings)).toEqual([`sql-syntax ${FILE}:5`]);
  });

  it("without a reason silences nothing and is a finding itself; so is an unknown rule", () => {
    const bare = check(sql("-- mighook:ignore sql-no-transaction"));
    expect(at(bare.findings)).toEqual([`ignore-comment ${FILE}:2`, `sql-no-transaction ${FILE}:3`, `sql-syntax ${FILE}:5`]);
    expect(bare.findings[0]!.message).toContain("without a reason");
    const colon = check(sql("-- mighook:ignore sql-no-transaction:   "));
    expect(at(colon.findings)[0]).toBe(`ignore-comment ${FILE}:2`);
    const typo = check(sql("-- mighook:ignore sql-no-transactions: typo"));
    expect(typo.findings[0]!.message).toContain('"sql-no-transactions", which is not a rule');
  });

  it("silences several rules named together, for any rule on the file", () => {
    const { findings, code } = check(sql("-- mighook:ignore sql-no-transaction, sql-syntax: kept as the incident left it"));
    expect(findings).toEqual([]);
    expect(code).toBe(0);
  });
});

describe("sql-target-version", () => {
  const merge = "-- +goose Up\nMERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE;\n-- +goose Down\n";

  it("warns once per set on an older PostgreSQL that the grammar is 18's, at the setting's line", () => {
    const config = { sets: [{ dir: "migrations", postgres: 15 }] };
    const { code, findings } = check("-- +goose Up\nCREATE TABLE t (id int);\nCREATE TABLE u (id int);\n-- +goose Down\n", config);
    expect(code).toBe(0);
    expect(findings).toEqual([
      expect.objectContaining({ rule: "sql-target-version", severity: "warning", file: "mighook.config.json", line: 5, message: expect.stringContaining("after PostgreSQL 15") }),
    ]);
  });

  it("flags well-known syntax newer than the set's PostgreSQL", () => {
    const old = check(merge, { sets: [{ dir: "migrations", postgres: 14 }] });
    expect(old.code).toBe(1);
    expect(old.findings.filter((f) => f.severity === "error").map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([
      `${FILE}:2 MERGE needs PostgreSQL 15, and this set runs on PostgreSQL 14 ("postgres": 14)`,
    ]);
    expect(check(merge, { sets: [{ dir: "migrations", postgres: 15 }] }).code).toBe(0);
    // No version named: the grammar's own, 18, and no warning.
    expect(check(merge).findings).toEqual([]);
  });

  it("rejects a version outside 10 to 18 with the config key (exit 2)", () => {
    const { code, stderr } = check(merge, { sets: [{ dir: "migrations", postgres: 9 }] });
    expect(code).toBe(2);
    expect(stderr).toContain("sets[0].postgres: must be a PostgreSQL major version from 10 to 18");
  });
});

describe("the incident's repository, on its day", () => {
  it("blocks its three SQL mistakes in one listed migration, and passes once they are fixed", () => {
    const repo = incidentRepo();
    const file = "migrations/022_add_status_reason_column.sql";
    const sql = (fixed: boolean) =>
      [
        ...(fixed ? ["-- +goose NO TRANSACTION"] : []),
        "-- +goose Up",
        "ALTER TABLE notification_audit ADD COLUMN IF NOT EXISTS status_reason TEXT;",
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_status_reason ON notification_audit (status_reason);",
        ...(fixed ? ["-- +goose StatementBegin"] : []),
        "DO $$",
        "BEGIN",
        "  UPDATE notification_audit SET status_reason = 'unknown' WHERE status_reason IS NULL;",
        "END",
        "$$;",
        ...(fixed ? ["-- +goose StatementEnd"] : []),
        "",
        "-- +goose Down",
        "DROP INDEX IF EXISTS idx_status_reason;",
        fixed ? "ALTER TABLE notification_audit DROP COLUMN IF EXISTS status_reason;" : "DROP TABLE IF NOT EXISTS notification_audit;",
        "",
      ].join("\n");
    repo.write(file, sql(false)).write(SUITE, suiteListing(listedWith("022_add_status_reason_column.sql"))).git("add", "-A");
    const bad = repo.mighook(["check", "--staged", "--format", "json"]);
    expect(bad.code).toBe(1);
    expect(json(bad.stdout).findings.map((f) => `${f.rule} ${f.line}`)).toEqual(["sql-no-transaction 3", "sql-split 4", "sql-syntax 12"]);
    repo.write(file, sql(true)).git("add", "-A");
    const good = repo.mighook(["check", "--staged", "--format", "json"]);
    expect(json(good.stdout).findings).toEqual([]);
    expect(good.code).toBe(0);
  });
});
