// Embedded PostgreSQL: PGlite, loaded only with --apply (27 MB of WASM).
import { importPackage } from "../import-package.js";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { toSqlError, loadOptional, type Engine } from "./engine.js";

const PACKAGE = "@electric-sql/pglite";

type PGliteModule = typeof import("@electric-sql/pglite");
type PGliteInstance = Awaited<ReturnType<PGliteModule["PGlite"]["create"]>>;

export interface PgliteEngine extends Engine {
  /** the data folder as a tarball, to start another instance from */
  dump(): Promise<Buffer>;
}

const loadPglite = () => loadOptional(PACKAGE, () => importPackage<PGliteModule>(PACKAGE));

/** The installed PGlite's version (part of the cache key), or exit 2 if it is missing. */
export async function pgliteVersion(): Promise<string> {
  await loadPglite();
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve(PACKAGE));
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string }).version;
}

/** PGlite's contrib module for an extension: uuid-ossp is contrib/uuid_ossp. */
const moduleName = (extension: string) => extension.replace(/-/g, "_");

/**
 * The extensions PGlite must be started with. Those it does not ship are left
 * out: their CREATE EXTENSION then fails where it stands, and the finding says
 * to use --database-url.
 */
export async function contribExtensions(names: string[]): Promise<Record<string, unknown>> {
  const extensions: Record<string, unknown> = {};
  for (const name of names.filter((n) => /^[a-z0-9_-]+$/.test(n) && n !== "plpgsql").sort()) {
    try {
      const mod = await importPackage<Record<string, unknown>>(`${PACKAGE}/contrib/${moduleName(name)}`);
      if (mod[moduleName(name)]) extensions[moduleName(name)] = mod[moduleName(name)];
    } catch {
      // not shipped with PGlite
    }
  }
  return extensions;
}

export async function startPglite(extensions: Record<string, unknown>, dump?: Buffer): Promise<PgliteEngine> {
  const { PGlite } = await loadPglite();
  const db: PGliteInstance = await PGlite.create({
    extensions: extensions as never,
    ...(dump ? { loadDataDir: new Blob([dump as unknown as ArrayBuffer]) } : {}),
  });
  const version = ((await db.query("select current_setting('server_version') as v")).rows[0] as { v: string }).v;
  return {
    label: `PGlite (PostgreSQL ${version})`,
    async exec(sql) {
      try {
        await db.exec(sql);
      } catch (error) {
        throw toSqlError(error);
      }
    },
    async rows<T>(sql: string) {
      try {
        return (await db.query(sql)).rows as T[];
      } catch (error) {
        throw toSqlError(error);
      }
    },
    async dump() {
      const file = await db.dumpDataDir("none");
      return Buffer.from(await file.arrayBuffer());
    },
    close: () => db.close(),
  };
}
