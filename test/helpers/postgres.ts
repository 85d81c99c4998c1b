import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

// A throwaway PostgreSQL server for --database-url tests: Debian's server
// programs, run as the postgres user (initdb refuses root, and CI is root),
// in a temporary folder it owns, on 127.0.0.1 and a free port.

export interface Postgres {
  url: string;
  /** a URL for another user of the same server */
  urlFor(user: string): string;
  /** runs SQL as the superuser and returns psql's unaligned output */
  psql(sql: string, database?: string): string;
  stop(): void;
}

function binDir(): string | null {
  // /usr/local/bin may hold links to a few of them: the folder they point into has psql too.
  for (const dir of (process.env.PATH ?? "").split(":"))
    if (existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl"))) return dirname(realpathSync(join(dir, "initdb")));
  for (const version of ["18", "17", "16", "15"]) {
    const dir = `/usr/lib/postgresql/${version}/bin`;
    if (existsSync(join(dir, "initdb"))) return dir;
  }
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<Postgres> {
  const bin = binDir();
  if (!bin) throw new Error("PostgreSQL's server programs (initdb, pg_ctl) are not installed: .ci/run installs them (apt-get install postgresql)");
  const dir = mkdtempSync(join(tmpdir(), "mighook-pg-"));
  chmodSync(dir, 0o755);
  const asRoot = process.getuid?.() === 0;
  const as = (command: string, args: string[]) => (asRoot ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args]) as [string, string[]];
  if (asRoot) execFileSync("chown", ["postgres:", dir]);
  const data = join(dir, "data");
  const port = await freePort();
  execFileSync(...as(join(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]), { stdio: "pipe" });
  execFileSync(
    ...as(join(bin, "pg_ctl"), ["-D", data, "-l", join(dir, "log"), "-w", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, "start"]),
    { stdio: "pipe" },
  );
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    urlFor: (user) => `postgres://${user}@127.0.0.1:${port}/postgres`,
    psql(sql, database = "postgres") {
      const result = spawnSync(join(bin, "psql"), ["-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", database, "-c", sql], {
        encoding: "utf8",
      });
      if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
      return result.stdout.trim();
    },
    stop() {
      spawnSync(...as(join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]), { stdio: "pipe" });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
