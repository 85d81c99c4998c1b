// A real PostgreSQL server through `pg` (--database-url). Everything happens
// in a fresh database that is dropped afterwards (also on failure and on
// Ctrl-C), and the roles the run created are dropped with it: roles are
// cluster-wide, and nothing else on the server may change.
import { importPackage } from "../import-package.js";
import { randomBytes } from "node:crypto";
import { MighookError } from "../errors.js";
import { loadOptional, toSqlError, type Engine } from "./engine.js";
import { createdRole, splitSql } from "./statements.js";

type PgClient = import("pg").Client;

export interface ServerSession {
  engine: Engine;
  /** drops the database and the roles the run created; safe to call twice */
  finish(): Promise<void>;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(the --database-url given)";
  }
}

function databaseUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

export async function startServer(url: string): Promise<ServerSession> {
  if (!/^postgres(ql)?:\/\//.test(url))
    throw new MighookError(`--database-url must be a postgres:// URL (got "${redact(url)}")`, "Give one such as postgres://user@127.0.0.1:5432/postgres.");
  const pg = (await loadOptional("pg", () => importPackage<typeof import("pg")>("pg"))).default;
  const connect = async (connectionString: string): Promise<PgClient> => {
    const client = new pg.Client({ connectionString, connectionTimeoutMillis: 10_000 });
    // A backend ended by DROP DATABASE … WITH (FORCE) must not crash the process.
    client.on("error", () => {});
    try {
      await client.connect();
    } catch (error) {
      throw new MighookError(`could not connect to ${redact(connectionString)}: ${(error as Error).message}`, "Check the URL, that the server runs, and that it accepts this user.");
    }
    return client;
  };
  const admin = await connect(url);
  const rights = await admin.query<{ ok: boolean }>("select rolcreatedb or rolsuper as ok from pg_roles where rolname = current_user");
  if (!rights.rows[0]?.ok) {
    await admin.end();
    throw new MighookError(
      `the user of --database-url may not create databases, and --apply works in a database of its own`,
      "Use a user with CREATEDB (ALTER ROLE name CREATEDB), as on a development or CI server; mighook drops the database it creates.",
    );
  }
  const rolesBefore = new Set((await admin.query<{ rolname: string }>("select rolname from pg_roles")).rows.map((r) => r.rolname));
  const name = `mighook_apply_${process.pid}_${randomBytes(4).toString("hex")}`;
  // template0: whatever an administrator added to template1 is not the migrations' doing.
  await admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`);

  const rolesNamed = new Set<string>();
  let client: PgClient | null = null;
  let finishing: Promise<void> | null = null;
  const finish = () =>
    (finishing ??= (async () => {
      for (const signal of SIGNALS) process.off(signal, onSignal);
      // No wait for the working connection: FORCE ends its backend even mid-statement.
      client?.end().catch(() => {});
      await dropDatabase(admin, name);
      // Only roles this run's own CREATE ROLE made: on a shared server
      // someone else may create one meanwhile, and it is not ours to drop.
      const roles = (await admin.query<{ rolname: string }>("select rolname from pg_roles")).rows.map((r) => r.rolname);
      for (const role of roles.filter((r) => !rolesBefore.has(r) && rolesNamed.has(r))) {
        try {
          await admin.query(`DROP ROLE ${quoteIdent(role)}`);
        } catch (error) {
          process.stderr.write(`mighook: could not drop role ${role}, which this run created: ${(error as Error).message}\n`);
        }
      }
      await admin.end();
    })());
  const onSignal = (signal: NodeJS.Signals) => {
    void finish()
      .catch((error: Error) => process.stderr.write(`mighook: could not drop the temporary database ${name}: ${error.message}\n`))
      .finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);

  try {
    client = await connect(databaseUrl(url, name));
  } catch (error) {
    await finish();
    throw error;
  }
  const version = (await client.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]!.v;
  const c = client;
  return {
    engine: {
      label: `PostgreSQL ${version.replace(/ .*/, "")} (${redact(url)})`,
      async exec(sql) {
        for (const statement of splitSql(sql)) {
          const role = createdRole(statement);
          if (role !== null) rolesNamed.add(role);
        }
        try {
          await c.query(sql);
        } catch (error) {
          throw toSqlError(error);
        }
      },
      async rows<T>(sql: string) {
        try {
          return (await c.query(sql)).rows as T[];
        } catch (error) {
          throw toSqlError(error);
        }
      },
      close: finish,
    },
    finish,
  };
}

const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/**
 * Ends the sessions still in the database (ours, mid-statement after Ctrl-C),
 * then drops it; a backend that takes a moment to go is waited for.
 */
async function dropDatabase(admin: PgClient, name: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()", [name]);
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`);
      return;
    } catch (error) {
      // 55006: object_in_use, "being accessed by other users"
      if ((error as { code?: string }).code !== "55006" || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
