import { execFileSync, spawn } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inject } from "vitest";
import { incidentRepo, migrationSql } from "./helpers/incident.js";
import { gitEnv, tempDir, type Repo } from "./helpers/repo.js";

// dist/cli.js compiles mighook with V8's code cache, kept in <git dir>/mighook/.
// The cache may make mighook faster, never different: whatever the file holds
// (nothing, another build's data, garbage, a FIFO), a run gives the verdict of
// a run without it, and never crashes or hangs. Fixed seed; more runs with
// MIGHOOK_FUZZ_RUNS=<n> (npm run fuzz).
const RUNS = Number(process.env.MIGHOOK_FUZZ_RUNS ?? 12);
const SEED = Number(process.env.MIGHOOK_FUZZ_SEED ?? 20261202);

const cacheFiles = (repo: Repo) => readdirSync(join(repo.dir, ".git", "mighook")).filter((f) => f.startsWith("code-cache-"));
const cacheFile = (repo: Repo) => join(repo.dir, ".git", "mighook", cacheFiles(repo)[0]!);
/** What the launcher did, as MIGHOOK_PROFILE reports it. */
const codeCache = (stderr: string) => /code cache: (.*)$/m.exec(stderr)?.[1];

/** The incident's second 021, with a Down that PostgreSQL's parser rejects: findings from the rules and from libpg-query (loaded by import()). */
function badCommit(): Repo {
  const repo = incidentRepo();
  repo.write("migrations/021_add_status_reason_column.sql", migrationSql("add_status_reason_column").replace(/-- \+goose Down[\s\S]*$/, "-- +goose Down\nDROP TABLEE x;\n"));
  repo.git("add", "-A");
  return repo;
}

const judge = (repo: Repo, env: NodeJS.ProcessEnv = {}) => repo.mighook(["check", "--staged", "--format", "json"], { MIGHOOK_PROFILE: "1", ...env });

describe("the launcher's code cache", () => {
  it("is written by the first run and used by the next, with the verdict of a run without it, SQL parser included", () => {
    const repo = badCommit();
    const off = judge(repo, { MIGHOOK_CODE_CACHE: "0" });
    expect(codeCache(off.stderr)).toBe("off");
    expect(existsSync(join(repo.dir, ".git", "mighook")) ? cacheFiles(repo) : []).toEqual([]);
    expect(off.code).toBe(1);
    const rules = JSON.parse(off.stdout).findings.map((f: { rule: string }) => f.rule);
    expect(rules).toEqual(expect.arrayContaining(["duplicate-version", "missing-from-suite", "sql-syntax"]));

    const first = judge(repo);
    expect(codeCache(first.stderr)).toBe("none, written");
    const second = judge(repo);
    expect(codeCache(second.stderr)).toBe("used");
    for (const run of [first, second]) expect([run.code, run.stdout]).toEqual([off.code, off.stdout]);
    expect(readFileSync(cacheFile(repo)).subarray(0, 21).toString()).toBe("mighook code cache 2 ");
  });

  it("is made again by a run that reaches the full check when a quicker run made it", () => {
    const repo = incidentRepo();
    repo.write("README.md", "hello\n").git("add", "-A");
    expect(codeCache(judge(repo).stderr)).toBe("none, written");
    expect(codeCache(judge(repo).stderr)).toBe("used");
    repo.write("migrations/022_x.sql", migrationSql("x")).git("add", "-A");
    expect(codeCache(judge(repo).stderr)).toBe("used, written");
    expect(codeCache(judge(repo).stderr)).toBe("used");
  });

  it("whatever the cache file holds, a run gives the verdict of a run without it, never a crash, and leaves a good cache", () => {
    const repo = badCommit();
    const expected = judge(repo, { MIGHOOK_CODE_CACHE: "0" });
    judge(repo);
    const good = readFileSync(cacheFile(repo));
    const damage = fc.oneof(
      // bytes flipped anywhere: the header (another bundle, another Node, another length) or V8's data
      fc.array(fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }), { minLength: 1, maxLength: 20 }).map((flips) => (b: Buffer) => {
        const copy = Buffer.from(b);
        for (const { at, xor } of flips) copy[at % copy.length]! ^= xor;
        return copy;
      }),
      fc.nat().map((n) => (b: Buffer) => b.subarray(0, n % b.length)), // cut short
      fc.uint8Array({ minLength: 1, maxLength: 64 }).map((tail) => (b: Buffer) => Buffer.concat([b, tail])), // grown
      fc.uint8Array({ maxLength: 4096 }).map((bytes) => () => Buffer.from(bytes)), // garbage
    );
    fc.assert(
      fc.property(damage, (damaged) => {
        writeFileSync(cacheFile(repo), damaged(good));
        const run = judge(repo);
        expect([run.code, run.stdout]).toEqual([expected.code, expected.stdout]);
        expect(run.stderr).not.toMatch(/Fatal|internal error|at .*\(/);
        // The damaged file was recognised and replaced (or, by chance, left whole).
        expect(codeCache(judge(repo).stderr)).toBe("used");
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it("never reads a FIFO at its path (no hang), never writes through an own folder that is a link, and needs no repository", () => {
    const repo = badCommit();
    const expected = judge(repo, { MIGHOOK_CODE_CACHE: "0" });
    mkdirSync(join(repo.dir, ".git", "mighook"), { recursive: true });
    const path = join(repo.dir, ".git", "mighook", `code-cache-node-${process.version}-${process.arch}`);
    execFileSync("mkfifo", [path]);
    const withFifo = judge(repo);
    expect([withFifo.code, withFifo.stdout]).toEqual([expected.code, expected.stdout]);

    // The own folder replaced by a link to a folder outside the repository: nothing is written there.
    const outside = tempDir();
    rmSync(join(repo.dir, ".git", "mighook"), { recursive: true, force: true });
    symlinkSync(outside, join(repo.dir, ".git", "mighook"));
    const linked = judge(repo);
    expect([linked.code, linked.stdout]).toEqual([expected.code, expected.stdout]);
    expect(codeCache(linked.stderr)).toBe("off (<git dir>/mighook is not a folder of yours)");
    expect(readdirSync(outside)).toEqual([]);

    // Outside any repository there is no cache, and nothing to write.
    const plain = tempDir();
    const version = spawnMighookSync(["--version"], plain);
    expect(version.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(readdirSync(plain)).toEqual([]);
    // Nor for any command but check: they need no speed, and --version, help or explain write nothing.
    const fresh = incidentRepo();
    for (const args of [["--version"], ["help"], ["explain", "duplicate-version"], ["list"]]) fresh.mighook(args, { MIGHOOK_PROFILE: "1" });
    expect(existsSync(join(fresh.dir, ".git", "mighook")) ? cacheFiles(fresh) : []).toEqual([]);
  });

  it("concurrent first runs each leave a whole cache, which the next run uses", async () => {
    const repo = badCommit();
    const runs = await Promise.all(
      Array.from({ length: 4 }, () =>
        new Promise<number>((resolve) => {
          const child = spawn(inject("mighookBin"), ["check", "--staged"], { cwd: repo.dir, env: gitEnv(), stdio: "ignore" });
          child.on("close", (code) => resolve(code ?? -1));
        }),
      ),
    );
    expect(runs).toEqual([1, 1, 1, 1]);
    expect(readdirSync(join(repo.dir, ".git", "mighook")).filter((f) => f.startsWith("codecache-"))).toEqual([]); // no temporary file left
    expect(codeCache(judge(repo).stderr)).toBe("used");
  });

  it("is used and written only where the git folder, its own folder and the file are the user's (a planted cache could run code as them)", () => {
    // Run as root (this suite's machines are): root can hand files to another user, as a shared machine would have them.
    const repo = badCommit();
    const expected = judge(repo, { MIGHOOK_CODE_CACHE: "0" });
    judge(repo);
    const file = cacheFile(repo);
    const nobody = { uid: 65534, gid: 65534 };
    chownSync(file, nobody.uid, nobody.gid);
    const foreignFile = judge(repo);
    expect([foreignFile.code, foreignFile.stdout]).toEqual([expected.code, expected.stdout]);
    expect(codeCache(foreignFile.stderr)).toBe("stale, written"); // replaced by the user's own
    expect(statSync(cacheFile(repo)).uid).toBe(process.getuid!());

    chownSync(join(repo.dir, ".git", "mighook"), nobody.uid, nobody.gid);
    const foreignFolder = judge(repo);
    expect([foreignFolder.code, foreignFolder.stdout]).toEqual([expected.code, expected.stdout]);
    expect(codeCache(foreignFolder.stderr)).toBe("off (<git dir>/mighook is not a folder of yours)");

    // A repository of another user's: git itself refuses it (safe.directory), and the cache is not read either.
    chownSync(join(repo.dir, ".git"), nobody.uid, nobody.gid);
    const refused = judge(repo, { MIGHOOK_CODE_CACHE: "0" });
    const foreignRepo = judge(repo);
    expect([foreignRepo.code, foreignRepo.stdout]).toEqual([refused.code, refused.stdout]);
    expect(codeCache(foreignRepo.stderr)).toBe("off (the git folder is not yours)");
  });

  it("sweeps what killed writes left, and other Nodes' caches a month old, when it writes one", () => {
    const repo = badCommit();
    const own = join(repo.dir, ".git", "mighook");
    mkdirSync(own, { recursive: true });
    const dead = join(own, "codecache-999999-0badf00d"); // pid 999999 runs nowhere here
    const oldNode = join(own, "code-cache-node-v20.0.0-x64-12345678");
    const recentNode = join(own, "code-cache-node-v22.0.0-x64-12345678");
    for (const path of [dead, oldNode, recentNode]) writeFileSync(path, "left behind");
    const month = (Date.now() - 31 * 24 * 3600 * 1000) / 1000;
    utimesSync(oldNode, month, month);
    expect(codeCache(judge(repo).stderr)).toBe("none, written");
    expect([existsSync(dead), existsSync(oldNode), existsSync(recentNode)]).toEqual([false, false, true]);
  });

  it("a temporary file of a killed run is swept by the next edit command", () => {
    const repo = incidentRepo();
    mkdirSync(join(repo.dir, ".git", "mighook"), { recursive: true });
    const dead = join(repo.dir, ".git", "mighook", "codecache-999999-0badf00d"); // pid 999999 runs nowhere here
    writeFileSync(dead, "half a cache");
    expect(repo.mighook(["fix"]).code).toBe(0);
    expect(existsSync(dead)).toBe(false);
  });
});

function spawnMighookSync(args: string[], cwd: string): string {
  return execFileSync(inject("mighookBin"), args, { cwd, env: gitEnv(), encoding: "utf8" });
}
