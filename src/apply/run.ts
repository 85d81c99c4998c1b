// --apply: the set's migrations applied for real, in order, to an empty
// PostgreSQL (embedded PGlite, or a temporary database on a real server),
// with a Down/Up round trip for each migration the change adds or modifies.
import type { SetModel } from "../model/model.js";
import { lineAt } from "../model/text.js";
import type { Finding } from "../rules/types.js";
import type { Changes, Snapshot } from "../source/types.js";
import { ApplyCache, chainKeys } from "./cache.js";
import { SqlError, type Engine } from "./engine.js";
import { applyFailed, downIncomplete } from "./findings.js";
import type { ApplyOrder } from "./order.js";
import { planSet, type PlannedMigration } from "./plan.js";
import { Progress } from "./progress.js";
import { describeDifferences, snapshotSchema } from "./snapshot.js";
import { copyFromStdinLine } from "./copy.js";
import { createdRole, requestedExtensions, splitSql } from "./statements.js";

export interface ApplyOptions {
  order: ApplyOrder;
  /** a real server instead of PGlite */
  databaseUrl?: string;
  /** SQL run before the first migration (roles, settings the real database has) */
  setup: { path: string; text: string } | null;
  /** where PGlite states are kept between runs; null for none */
  cacheDir: string | null;
}

interface Failure {
  line: number | null;
  message: string;
  hint: string;
}

/** The findings of applying each given set. */
export async function applySets(sets: SetModel[], snapshot: Snapshot, changes: Changes, options: ApplyOptions): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const set of sets) findings.push(...(await applySet(set, snapshot, changes, options)));
  return findings;
}

async function applySet(set: SetModel, snapshot: Snapshot, changes: Changes, options: ApplyOptions): Promise<Finding[]> {
  const plan = await planSet(set, snapshot, changes, options.order);
  if (plan.goMigrations.length)
    process.stderr.write(`mighook: --apply leaves out Go migrations, which only goose can run: ${plan.goMigrations.join(", ")}\n`);
  const { migrations, firstChanged } = plan;
  const setupText = options.setup?.text ?? "";
  const extensions = [...new Set([setupText, ...migrations.map((m) => m.text)].flatMap(requestedExtensions))].sort();
  const findings: Finding[] = [];
  const progress = new Progress();

  // The engine, and where in the migrations its state already is.
  let engine: Engine;
  let start = 0;
  let save: (() => Promise<void>) | null = null;
  if (options.databaseUrl) {
    engine = (await (await import("./engine-pg.js")).startServer(options.databaseUrl)).engine;
    start = -1;
  } else {
    const pglite = await import("./engine-pglite.js");
    const keys = chainKeys({ pglite: await pglite.pgliteVersion(), extensions, setup: setupText }, migrations);
    const cache = options.cacheDir ? new ApplyCache(options.cacheDir) : null;
    const hit = cache ? await cache.find(keys, firstChanged) : null;
    const db = await pglite.startPglite(await pglite.contribExtensions(extensions), hit?.dump);
    engine = db;
    start = hit ? hit.index : -1;
    if (cache && (!hit || hit.index < firstChanged)) save = async () => cache.store(keys[firstChanged]!, await db.dump());
  }

  const stop = (index: number, file: string, failure: Failure, rule = applyFailed) => {
    const rest = migrations.slice(index + 1).map((m) => m.file);
    const notReached = rest.length ? `; not reached: ${rest.slice(0, 5).join(", ")}${rest.length > 5 ? ` and ${rest.length - 5} more` : ""}` : "";
    findings.push(rule(file, failure.line, failure.message + notReached, failure.hint));
  };

  try {
    if (start === -1) {
      start = 0;
      const failure = options.setup ? await runSetup(engine, options.setup.text) : null;
      if (failure) {
        stop(-1, options.setup!.path, failure);
        return findings;
      }
    }
    for (let i = start; i < migrations.length; i++) {
      if (i === firstChanged && save) await save();
      const m = migrations[i]!;
      progress.update(i + 1, migrations.length, m.file);
      const failure = m.changed ? await roundTrip(engine, m) : await up(engine, m, "Up");
      if (!failure) continue;
      const rule = failure.rule === "down-incomplete" ? downIncomplete : applyFailed;
      if (failure.stops) {
        stop(i, m.path, failure, rule);
        return findings;
      }
      findings.push(rule(m.path, failure.line, failure.message, failure.hint));
      for (const f of failure.extra ?? []) findings.push(downIncomplete(m.path, f.line, f.message, f.hint));
    }
    if (firstChanged === migrations.length && save) await save();
    return findings;
  } finally {
    progress.done();
    await engine.close();
  }
}

interface StepFailure extends Failure {
  rule?: "apply-failed" | "down-incomplete";
  /** whether later migrations are left out (the schema is no longer the one they expect) */
  stops: boolean;
  /** further down-incomplete findings of the same migration */
  extra?: Failure[];
}

/** The migration's Up: goose's Up statements, or the whole file when it has no goose annotations. */
async function up(engine: Engine, m: PlannedMigration, label: string): Promise<StepFailure | null> {
  if (!m.goose) return withStop(await whole(engine, m));
  const problem = m.goose.problems[0];
  if (problem) return { line: problem.line, message: `goose cannot read ${m.file}, so it was not applied: ${problem.message}`, hint: problem.hint, stops: true };
  return withStop(await section(engine, m.goose.up?.statements ?? [], m.goose.noTransaction, `${label} of ${m.file}`));
}

const withStop = (failure: Failure | null): StepFailure | null => (failure ? { ...failure, stops: true } : null);

/**
 * Up, Down, Up again, comparing the schema: after Down with before the Up,
 * after the second Up with after the first.
 */
async function roundTrip(engine: Engine, m: PlannedMigration): Promise<StepFailure | null> {
  const down = m.goose?.problems.length ? null : m.goose?.down;
  if (!down) return up(engine, m, "Up");
  const before = await snapshotSchema(engine);
  const first = await up(engine, m, "Up");
  if (first) return first;
  const after = await snapshotSchema(engine);
  const undone = await section(engine, down.statements, m.goose!.noTransaction, `Down of ${m.file}`);
  if (undone) return { ...undone, stops: true };
  const undoneDiff = describeDifferences(before, await snapshotSchema(engine));
  const hint = "Make the Down drop what the Up creates and recreate what it drops, exactly (names, predicates, partitions, dependent views, extensions).";
  const downIssue = undoneDiff.length
    ? { line: down.line, message: `the Down of ${m.file} does not restore the schema from before its Up: ${listed(undoneDiff)}`, hint }
    : null;
  const again = await up(engine, m, "Up (run again after its Down)");
  if (again) {
    if (!downIssue) return again;
    return { ...downIssue, message: `${downIssue.message}; and the Up then fails when run again: ${again.message}`, rule: "down-incomplete", stops: true };
  }
  const againDiff = describeDifferences(after, await snapshotSchema(engine));
  const againIssue = againDiff.length
    ? { line: down.line, message: `after the Down of ${m.file}, its Up gives a different schema the second time: ${listed(againDiff)}`, hint }
    : null;
  if (downIssue) return { ...downIssue, rule: "down-incomplete", stops: false, extra: againIssue ? [againIssue] : [] };
  if (againIssue) return { ...againIssue, rule: "down-incomplete", stops: false };
  return null;
}

const listed = (differences: string[]) =>
  differences.slice(0, 10).join("; ") + (differences.length > 10 ? `; and ${differences.length - 10} more differences` : "");

/** Statements as goose sends them: one by one, in one transaction unless NO TRANSACTION. */
async function section(engine: Engine, statements: { text: string; line: number }[], noTransaction: boolean, label: string): Promise<Failure | null> {
  for (const s of statements) {
    const copy = await copyFromStdinLine(s.text, s.line);
    if (copy !== null) return copyFailure(copy, label);
  }
  if (!noTransaction) await engine.exec("BEGIN");
  for (const s of statements) {
    if (s.text === "") continue;
    try {
      await engine.exec(s.text);
    } catch (error) {
      if (!noTransaction) await engine.exec("ROLLBACK");
      return sqlFailure(error, s.text, s.line, label, engine);
    }
  }
  if (!noTransaction) {
    try {
      await engine.exec("COMMIT");
    } catch (error) {
      return sqlFailure(error, "", statements[statements.length - 1]?.line ?? 1, `${label} (at COMMIT)`, engine);
    }
  }
  return null;
}

/** A file without goose annotations, sent whole as a suite's db.Exec sends it. */
async function whole(engine: Engine, m: PlannedMigration): Promise<Failure | null> {
  const statements = splitSql(m.text);
  const copy = await copyFromStdinLine(m.text);
  const label = `${m.file} (no goose annotations: applied whole)`;
  if (copy !== null) return copyFailure(copy, label);
  try {
    await engine.exec(m.text);
    return null;
  } catch (error) {
    // A file with its own BEGIN may leave a transaction open.
    await engine.exec("ROLLBACK").catch(() => {});
    const e = asSqlError(error);
    if (e.position !== null) return sqlFailure(e, m.text, 1, label, engine);
    // No position: find the statement by running them one by one, then undo.
    await engine.exec("BEGIN");
    try {
      for (const s of statements) {
        try {
          await engine.exec(s.text);
        } catch (inner) {
          return sqlFailure(inner, s.text, s.line, label, engine);
        }
      }
    } finally {
      await engine.exec("ROLLBACK");
    }
    return sqlFailure(e, m.text, 1, label, engine, null);
  }
}

/** The setup SQL, statement by statement; a role that already exists is not created again. */
async function runSetup(engine: Engine, text: string): Promise<Failure | null> {
  const roles = new Set((await engine.rows<{ rolname: string }>("select rolname from pg_roles")).map((r) => r.rolname));
  for (const s of splitSql(text)) {
    const role = createdRole(s);
    if (role !== null && roles.has(role)) continue;
    const copy = await copyFromStdinLine(s.text, s.line);
    if (copy !== null) return copyFailure(copy, "the apply setup SQL");
    try {
      await engine.exec(s.text);
    } catch (error) {
      return sqlFailure(error, s.text, s.line, "the apply setup SQL", engine);
    }
  }
  return null;
}

function copyFailure(line: number, label: string): Failure {
  return {
    line,
    message: `${label}: COPY … FROM STDIN was not run: it waits for data that neither goose nor a suite's db.Exec sends (and it would freeze PGlite)`,
    hint: "Load the data with INSERT statements (or COPY FROM a file on the server), or keep it out of the migration.",
  };
}

const asSqlError = (error: unknown): SqlError => {
  if (error instanceof SqlError) return error;
  throw error;
};

/** PostgreSQL's message at the failing line: the statement's, moved by the error's position within it. */
function sqlFailure(error: unknown, sent: string, firstLine: number, label: string, engine: Engine, at?: number | null): Failure {
  const e = asSqlError(error);
  const offset = e.position === null ? null : Array.from(sent).slice(0, e.position - 1).join("").length;
  const line = at === null ? null : offset === null ? firstLine : firstLine + lineAt(sent, offset) - 1;
  return { line, message: `${label} fails on ${engine.label}: ${e.message}`, hint: hintFor(e, engine) };
}

function hintFor(e: SqlError, engine: Engine): string {
  const extension = /extension "([^"]+)" is not available|could not open extension control file ".*\/([^/"]+)\.control"/.exec(e.message);
  if (extension && engine.label.startsWith("PGlite"))
    return `PGlite does not ship the extension ${extension[1] ?? extension[2]}; apply against a server that has it: mighook check --apply --database-url postgres://user@host/db (mighook works in a temporary database there and drops it).`;
  const role = /role "([^"]+)" does not exist/.exec(e.message);
  if (role)
    return `If the real database has this role, create it before the migrations: "apply": { "setup": "path/to/apply-setup.sql" } in the config, with CREATE ROLE ${role[1]}; in that file.`;
  if (/cannot run inside a transaction block/.test(e.message))
    return "goose runs each migration in a transaction: put '-- +goose NO TRANSACTION' at the top of the migration (and keep such a statement in a migration of its own).";
  const own = [e.detail, e.hint].filter(Boolean).join(" ");
  return own ? `PostgreSQL says: ${own}` : "Fix the statement; mighook applied the set's migrations in order to an empty database, as the suites do.";
}
