import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { cacheDir, goose, seedPglite } from "./helpers/apply.js";
import { incidentRepo, json, listedWith, migrationSql, suiteListing, SUITE, type JsonFinding } from "./helpers/incident.js";
import { startPostgres, type Postgres } from "./helpers/postgres.js";
import { gitEnv, Repo, run, type RunResult } from "./helpers/repo.js";

// Every PGlite test lives in this one file, so that they run one at a time:
// a cold PGlite costs seconds and hundreds of MB. Each repository starts from
// the initialised PGlite that global setup cached once (seedPglite).

const USERS = goose(
  "CREATE TABLE users (id bigserial PRIMARY KEY, status text NOT NULL, CONSTRAINT users_status_key UNIQUE (status));\nCREATE INDEX idx_users_status ON users (status) WHERE status = 'Active';",
  "DROP TABLE users;",
);

function baseRepo(): Repo {
  const repo = seedPglite(new Repo());
  repo.write("migrations/001_users.sql", USERS);
  return repo.commitAll("base");
}

interface Checked extends RunResult {
  findings: JsonFinding[];
}

function check(repo: Repo, extra: string[] = []): Checked {
  const result = repo.mighook(["check", "--staged", "--apply", "--format", "json", ...extra]);
  let findings: JsonFinding[] = [];
  try {
    findings = json(result.stdout).findings;
  } catch {
    throw new Error(`not JSON (exit ${result.code}): ${result.stdout}\n${result.stderr}`);
  }
  return { ...result, findings };
}

const verdict = (result: Checked) => result.findings.map((f) => ({ rule: f.rule, file: f.file, line: f.line }));

/** PGlite's verdict on each case, kept for the real server's to be compared with. */
const pgliteVerdicts = new Map<string, ReturnType<typeof verdict>>();

interface Case {
  name: string;
  sql: string;
  /** null: passes */
  rule: string | null;
  line?: number;
  says?: string | RegExp;
}

const CASES: Case[] = [
  {
    name: "a missing table gives apply-failed with PostgreSQL's message, at the statement's line",
    sql: goose("SELECT 1;\nCREATE INDEX idx_o ON orders (id);", "DROP INDEX idx_o;"),
    rule: "apply-failed",
    line: 3,
    says: 'relation "orders" does not exist',
  },
  {
    name: "an error with a position is reported at the line within the statement",
    sql: goose("SELECT id,\n  missing_col\nFROM users;", "SELECT 1;"),
    rule: "apply-failed",
    line: 3,
    says: 'column "missing_col" does not exist',
  },
  {
    name: "a Down of SELECT 1 under a CREATE TABLE gives down-incomplete",
    sql: goose("CREATE TABLE orders (id int);", "SELECT 1;"),
    rule: "down-incomplete",
    line: 4,
    says: "table orders is left behind",
  },
  {
    name: "a Down that leaves an index behind names it",
    sql: goose("CREATE INDEX idx_users_id ON users (id);", "SELECT 1;"),
    rule: "down-incomplete",
    says: "index idx_users_id on users is left behind",
  },
  {
    name: "an index recreated with another predicate names both predicates",
    sql: goose(
      "DROP INDEX idx_users_status;\nCREATE INDEX idx_users_status ON users (status) WHERE status = 'active';",
      "DROP INDEX idx_users_status;\nCREATE INDEX idx_users_status ON users (status) WHERE status = 'ACTIVE';",
    ),
    rule: "down-incomplete",
    says: "index idx_users_status on users: predicate status = 'ACTIVE'::text, was status = 'Active'::text",
  },
  {
    name: "a constraint recreated under another name says so",
    sql: goose("ALTER TABLE users DROP CONSTRAINT users_status_key;", "ALTER TABLE users ADD CONSTRAINT users_status_uniq UNIQUE (status);"),
    rule: "down-incomplete",
    says: "constraint users_status_key on users: named users_status_uniq now",
  },
  {
    name: "a correct migration passes",
    sql: goose("CREATE TABLE orders (id bigserial PRIMARY KEY, user_id bigint REFERENCES users (id));", "DROP TABLE orders;"),
    rule: null,
  },
  {
    name: "CREATE INDEX CONCURRENTLY passes under NO TRANSACTION",
    sql: goose("CREATE INDEX CONCURRENTLY idx_users_id ON users (id);", "DROP INDEX CONCURRENTLY idx_users_id;", "-- +goose NO TRANSACTION\n"),
    rule: null,
  },
  {
    name: "CREATE INDEX CONCURRENTLY fails in goose's transaction",
    sql: goose("CREATE INDEX CONCURRENTLY idx_users_id ON users (id);", "DROP INDEX idx_users_id;"),
    rule: "apply-failed",
    line: 2,
    says: "cannot run inside a transaction block",
  },
];

function expectCase(result: Checked, c: Case): void {
  if (c.rule === null) {
    expect(result.findings, result.stderr).toEqual([]);
    expect(result.code).toBe(0);
    return;
  }
  expect(result.code, result.stderr).toBe(1);
  const finding = result.findings.find((f) => f.rule === c.rule);
  expect(finding, JSON.stringify(result.findings)).toBeDefined();
  expect(finding!.file).toBe("migrations/002_change.sql");
  if (c.line !== undefined) expect(finding!.line).toBe(c.line);
  if (c.says) expect(finding!.message).toMatch(c.says);
}

describe("check --apply (PGlite)", { timeout: 240_000 }, () => {
  for (const c of CASES)
    it(c.name, () => {
      const repo = baseRepo();
      repo.write("migrations/002_change.sql", c.sql).git("add", "-A");
      const result = check(repo);
      expectCase(result, c);
      pgliteVerdicts.set(c.name, verdict(result));
    });

  it("judges commits in CI too: --tree and --base apply the commit's tree and round-trip what it adds", () => {
    const repo = baseRepo();
    repo.git("checkout", "-q", "-b", "feature");
    repo.write("migrations/002_orders.sql", goose("CREATE TABLE orders (id bigint);", "SELECT 1;")).commitAll("orders");
    for (const args of [["--tree", "HEAD"], ["--base", "main"]]) {
      const result = repo.mighook(["check", ...args, "--apply", "--format", "json"]);
      expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(1);
      expect(verdict({ ...result, findings: json(result.stdout).findings })).toEqual([{ rule: "down-incomplete", file: "migrations/002_orders.sql", line: expect.any(Number) }]);
    }
    // The base's own migration is applied but not round-tripped: main's tree passes.
    expect(repo.mighook(["check", "--tree", "main", "--apply"]).code).toBe(0);
  });

  it("a Down that leaves an extension behind names it", () => {
    const repo = baseRepo();
    repo.write("migrations/002_change.sql", goose("CREATE EXTENSION IF NOT EXISTS pgcrypto;\nSELECT gen_random_uuid();", "SELECT 1;")).git("add", "-A");
    const result = check(repo);
    expect(result.findings.map((f) => f.rule)).toEqual(["down-incomplete"]);
    expect(result.findings[0]!.message).toContain("extension pgcrypto is left behind");
  });

  it("a reasoned mighook:ignore comment silences down-incomplete in its own file", () => {
    const repo = baseRepo();
    const sql = goose("ALTER TABLE users ADD COLUMN note text;", "SELECT 1;");
    repo.write("migrations/002_change.sql", `-- mighook:ignore down-incomplete: the column stays on rollback, on purpose\n${sql}`).git("add", "-A");
    const result = check(repo);
    expect(result.findings, result.stderr).toEqual([]);
    expect(result.code).toBe(0);
  });

  it("an extension PGlite lacks is named, with --database-url as the way out", () => {
    const repo = baseRepo();
    repo.write("migrations/002_change.sql", goose("CREATE EXTENSION vector;", "DROP EXTENSION vector;")).git("add", "-A");
    const [finding] = check(repo).findings;
    expect(finding).toMatchObject({ rule: "apply-failed", line: 2 });
    expect(finding!.message).toContain('extension "vector" is not available');
    expect(finding!.hint).toContain("--database-url");
  });

  it("never runs COPY … FROM stdin, and says which migrations were not reached", () => {
    const repo = baseRepo();
    repo.write("migrations/002_change.sql", goose("INSERT INTO users (status) VALUES ('a');\nCOPY users (status) FROM stdin;", "DELETE FROM users;"));
    repo.write("migrations/003_more.sql", goose("CREATE TABLE more (id int);", "DROP TABLE more;")).git("add", "-A");
    const failed = check(repo).findings.filter((f) => f.rule === "apply-failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ file: "migrations/002_change.sql", line: 3 });
    expect(failed[0]!.message).toContain("COPY … FROM STDIN was not run");
    expect(failed[0]!.message).toContain("not reached: 003_more.sql");
  });

  it("a migration that needs a role passes with the setup file and fails without it", () => {
    const repo = baseRepo();
    repo.write("migrations/002_change.sql", goose("CREATE TABLE grants (id int);\nGRANT SELECT ON grants TO slm_user;", "DROP TABLE grants;")).git("add", "-A");
    const without = check(repo);
    expect(without.findings).toMatchObject([{ rule: "apply-failed", line: 3 }]);
    expect(without.findings[0]!.message).toContain('role "slm_user" does not exist');
    expect(without.findings[0]!.hint).toContain('"setup"');

    repo.write("db/apply-setup.sql", "-- what production has\nCREATE ROLE slm_user;\n");
    repo.write("mighook.config.json", JSON.stringify({ sets: [{ dir: "migrations" }], apply: { setup: "db/apply-setup.sql" } }));
    repo.git("add", "-A");
    const withSetup = check(repo);
    expect(withSetup.findings, withSetup.stderr).toEqual([]);
  });

  it('"apply": true in the config makes check --staged apply, and a commit touching no migration does not start it', () => {
    const repo = baseRepo();
    repo.write("mighook.config.json", JSON.stringify({ sets: [{ dir: "migrations" }], apply: true })).commitAll("config");
    repo.write("migrations/002_change.sql", goose("CREATE TABLE orders (id int);", "SELECT 1;")).git("add", "-A");
    const result = repo.mighook(["check", "--staged", "--format", "json"]);
    expect(json(result.stdout).findings.map((f) => f.rule)).toEqual(["down-incomplete"]);
    // --tree is CI's: it applies only when asked.
    repo.commitAll("orders");
    expect(repo.mighook(["check", "--tree", "HEAD"]).code).toBe(0);
    repo.write("README.md", "x\n").git("add", "README.md");
    expect(repo.mighook(["check", "--staged"]).code).toBe(0);
  });

  it("the incident repository with a correct new migration passes, legacy whole-file migrations included", () => {
    const repo = seedPglite(incidentRepo());
    // Two legacy migrations without goose annotations, as raw SQL files.
    repo.write("migrations/003_create_workflow_table.sql", "CREATE TABLE workflow (id bigserial PRIMARY KEY);\nCREATE INDEX workflow_id ON workflow (id);\n");
    repo.write("migrations/005_create_actions_table.sql", "CREATE TABLE actions (id bigserial PRIMARY KEY, workflow_id bigint REFERENCES workflow (id));\n");
    repo.commitAll("legacy");
    repo.write("migrations/022_add_status_reason_column.sql", goose("ALTER TABLE actions ADD COLUMN status_reason text;", "ALTER TABLE actions DROP COLUMN status_reason;"));
    repo.write(SUITE, suiteListing(listedWith("022_add_status_reason_column.sql"))).git("add", "-A");
    const result = check(repo);
    expect(result.findings, result.stderr).toEqual([]);
    expect(result.code).toBe(0);
    // goose's order applies the superseded 014 too: the same verdict here.
    expect(check(repo, ["--apply-order", "goose"]).findings).toEqual([]);
  });

  it("on a terminal, a run over a second shows the migration it is at on stderr", () => {
    // Not seeded: PGlite's initdb alone takes over a second.
    const repo = incidentRepo();
    repo.write("migrations/022_add_status_reason_column.sql", goose("SELECT 1;", "SELECT 1;"));
    repo.write(SUITE, suiteListing(listedWith("022_add_status_reason_column.sql"))).git("add", "-A");
    const onTerminal = run("script", ["-qec", `${inject("mighookBin")} check --staged --apply`, "/dev/null"], { cwd: repo.dir, env: gitEnv() });
    expect(onTerminal.stdout).toMatch(/applying migration \d+ of 22: \d+_\w+\.sql/);
    expect(onTerminal.stdout).toContain("no problems");
    // Off a terminal (a hook's output in a GUI, CI), nothing of it.
    expect(repo.mighook(["check", "--staged", "--apply"]).stderr).toBe("");
  });

  it("a legacy whole-file migration that fails is reported at its failing line", () => {
    const repo = baseRepo();
    repo.write("migrations/002_change.sql", "CREATE TABLE a (id int);\n\nALTER TABLE nope ADD COLUMN x int;\n").git("add", "-A");
    const failed = check(repo).findings.find((f) => f.rule === "apply-failed");
    expect(failed).toMatchObject({ file: "migrations/002_change.sql", line: 3 });
    expect(failed!.message).toContain("applied whole");
  });

  describe("the cache", () => {
    const entries = (repo: Repo) => readdirSync(cacheDir(repo)).sort();

    it("a second run is served from it, and a new migration after a committed one starts from the longest cached prefix", () => {
      const repo = baseRepo();
      repo.write("migrations/002_change.sql", goose("CREATE TABLE orders (id int);", "DROP TABLE orders;")).git("add", "-A");
      expect(check(repo).findings).toEqual([]);
      const first = entries(repo);
      for (const name of first) utimesSync(join(cacheDir(repo), name), new Date(2000, 0, 1), new Date(2000, 0, 1));
      expect(check(repo).findings).toEqual([]);
      // Nothing new written; the entry used was touched.
      expect(entries(repo)).toEqual(first);
      expect(first.some((name) => statSync(join(cacheDir(repo), name)).mtime.getFullYear() > 2000)).toBe(true);
      repo.commitAll("orders");
      repo.write("migrations/003_more.sql", goose("CREATE TABLE more (id int);", "DROP TABLE more;")).git("add", "-A");
      expect(check(repo).findings).toEqual([]);
      expect(entries(repo).length).toBe(first.length + 1);
    });

    it("a changed earlier migration invalidates it", () => {
      const repo = baseRepo();
      repo.write("migrations/002_change.sql", goose("CREATE INDEX idx_email ON users (email);", "DROP INDEX idx_email;")).git("add", "-A");
      expect(check(repo).findings.map((f) => f.message).join()).toContain('column "email" does not exist');
      // The earlier migration changes in a commit of its own; 002 stays staged.
      repo.write("migrations/001_users.sql", USERS.replace("status text NOT NULL,", "status text NOT NULL, email text,"));
      repo.git("add", "migrations/001_users.sql");
      repo.git("commit", "-q", "--no-verify", "-m", "email", "--", "migrations/001_users.sql");
      expect(check(repo).findings).toEqual([]);
    });

    it("two runs at once don't corrupt it", async () => {
      const repo = baseRepo();
      repo.write("migrations/002_change.sql", goose("CREATE TABLE orders (id int);", "DROP TABLE orders;")).git("add", "-A");
      const runOnce = () =>
        new Promise<number>((resolve) => {
          const child = spawn(inject("mighookBin"), ["check", "--staged", "--apply"], { cwd: repo.dir, env: gitEnv(), stdio: "ignore" });
          child.on("close", (code) => resolve(code ?? -1));
        });
      expect(await Promise.all([runOnce(), runOnce()])).toEqual([0, 0]);
      const names = entries(repo);
      expect(names.filter((n) => n.endsWith(".tmp"))).toEqual([]);
      for (const name of names) expect(() => gunzipSync(readFileSync(join(cacheDir(repo), name)))).not.toThrow();
      expect(check(repo).findings).toEqual([]);
    });
  });
});

describe("check --apply --database-url (a throwaway PostgreSQL 15)", { timeout: 240_000 }, () => {
  let pg: Postgres;
  beforeAll(async () => {
    pg = await startPostgres();
  });
  afterAll(() => pg?.stop());

  const leftovers = () => pg.psql("select string_agg(datname, ',') from pg_database where datname like 'mighook%'");

  it("gives PGlite's verdicts, and leaves no database behind", () => {
    for (const c of CASES) {
      const repo = baseRepo();
      repo.write("migrations/002_change.sql", c.sql).git("add", "-A");
      const server = check(repo, ["--database-url", pg.url]);
      expectCase(server, c);
      expect(verdict(server), c.name).toEqual(pgliteVerdicts.get(c.name) ?? verdict(check(repo)));
      expect(leftovers()).toBe("");
    }
  });

  it("creates only the roles that are missing, and drops the ones it created", () => {
    pg.psql("CREATE ROLE existing_role");
    const repo = baseRepo();
    repo.write("db/apply-setup.sql", "CREATE ROLE existing_role;\nCREATE ROLE slm_user;\n");
    repo.write("mighook.config.json", JSON.stringify({ sets: [{ dir: "migrations" }], apply: { setup: "db/apply-setup.sql" } }));
    repo.write("migrations/002_change.sql", goose("CREATE TABLE grants (id int);\nGRANT SELECT ON grants TO slm_user, existing_role;", "DROP TABLE grants;"));
    repo.git("add", "-A");
    const result = check(repo, ["--database-url", pg.url]);
    expect(result.findings, result.stderr).toEqual([]);
    expect(pg.psql("select string_agg(rolname, ',' order by rolname) from pg_roles where rolname in ('existing_role', 'slm_user')")).toBe("existing_role");
    expect(leftovers()).toBe("");
  });

  it("drops its database after Ctrl-C", async () => {
    const repo = baseRepo();
    repo.write("migrations/002_change.sql", goose("SELECT pg_sleep(60);", "SELECT 1;")).git("add", "-A");
    const child = spawn(inject("mighookBin"), ["check", "--staged", "--database-url", pg.url], { cwd: repo.dir, env: gitEnv(), stdio: "ignore" });
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    while (leftovers() === "" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(leftovers()).not.toBe("");
    // Let it reach the sleeping statement, then interrupt it there.
    await new Promise((r) => setTimeout(r, 1000));
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(leftovers()).toBe("");
  });

  it("without the right to create databases, exits 2 and says so", () => {
    pg.psql("CREATE ROLE no_createdb LOGIN");
    const repo = baseRepo();
    repo.write("migrations/002_change.sql", goose("CREATE TABLE orders (id int);", "DROP TABLE orders;")).git("add", "-A");
    const result = repo.mighook(["check", "--staged", "--database-url", pg.urlFor("no_createdb")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("may not create databases");
    expect(result.stderr).toContain("CREATEDB");
  });
});

describe("check --apply without its optional dependencies", { timeout: 120_000 }, () => {
  it("says how to install them (exit 2), and the check without --apply works as before", () => {
    // The installed package, copied without PGlite and pg to a folder with no node_modules above it.
    const installed = dirname(dirname(realpathSync(inject("mighookBin"))));
    const copy = join(mkdtempSync(join(tmpdir(), "mighook-noopt-")), "mighook");
    cpSync(installed, copy, { recursive: true, filter: (src) => !/node_modules[\\/](@electric-sql|pg)$/.test(src) });
    try {
      const repo = baseRepo();
      repo.write("migrations/002_change.sql", migrationSql("create_orders_table")).git("add", "-A");
      const cli = join(copy, "dist", "cli.js");
      const applied = run(process.execPath, [cli, "check", "--staged", "--apply"], { cwd: repo.dir, env: gitEnv() });
      expect(applied.code).toBe(2);
      expect(applied.stderr).toContain('--apply (or "apply" in the config) needs the package @electric-sql/pglite');
      expect(applied.stderr).toContain("npm install --save-dev @electric-sql/pglite");
      const server = run(process.execPath, [cli, "check", "--staged", "--database-url", "postgres://127.0.0.1:1/x"], { cwd: repo.dir, env: gitEnv() });
      expect(server.stderr).toContain("needs the package pg,");
      expect(run(process.execPath, [cli, "check", "--staged"], { cwd: repo.dir, env: gitEnv() }).code).toBe(0);
    } finally {
      rmSync(dirname(copy), { recursive: true, force: true });
    }
  });
});
