import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { gitEnv, Repo } from "./helpers/repo.js";

// The invariant that makes the hook's Node-free pre-check safe: whatever the
// config was when mighook last wrote the cache, and however it changed since
// (edited, moved between mighook.config.json and package.json, staged or
// not, deleted), a commit the pre-check lets through stages nothing that
// `check --staged` would judge, and `check --staged` passes it too.
// Fixed seed; more runs with MIGHOOK_FUZZ_RUNS=<n> (npm run fuzz).
const RUNS = Number(process.env.MIGHOOK_FUZZ_RUNS ?? 25);
const SEED = Number(process.env.MIGHOOK_FUZZ_SEED ?? 20261202);

const DIRS = ["migrations", "db/migrations", "sql"];
const SUITES = ["test/suite_test.go", "db/list_test.go"];
const PLAIN = ["README.md", "cmd/server/main.go", "docs/schema.sql"];
const CONFIG = "mighook.config.json";
const PACKAGE = "package.json";

const block = (() => {
  const text = readFileSync(join(import.meta.dirname, "..", "hooks", "mighook-staged"), "utf8");
  return text.slice(text.indexOf("# >>> mighook fast path"), text.indexOf("# <<< mighook fast path"));
})();

/** The pre-check alone, as the hooks run it: 0 lets the commit through. */
function preCheck(repo: Repo): number {
  return spawnSync("sh", ["-c", `${block}\nmighook_fast_path`], { cwd: repo.dir, env: gitEnv() }).status ?? -1;
}

const setArb = fc.record({ dir: fc.constantFrom(...DIRS), suites: fc.subarray(SUITES) });
const configArb = fc.record({
  where: fc.constantFrom("own", "package", "none"),
  sets: fc.uniqueArray(setArb, { minLength: 1, maxLength: 3, selector: (s) => s.dir }),
  // How the config file stands against the index: committed, staged, only on disk.
  state: fc.constantFrom("committed", "staged", "disk"),
  otherPackage: fc.boolean(), // a package.json without a "mighook" key beside mighook.config.json
});
// Often the config stays as it was (its place in the index may change), so the cache still applies.
const afterArb = fc.record({ same: fc.boolean(), config: configArb, state: fc.constantFrom("committed", "staged", "disk") });
// A change aims at a path the new config watches (where a stale cache would
// do harm), at a path of any set, or at a plain file.
const changeArb = fc.record({
  aim: fc.constantFrom("watched", "any", "plain", "plain"),
  pick: fc.nat(),
  kind: fc.constantFrom("write", "delete", "go-line-naming-sql"),
});

type ConfigCase = typeof configArb extends fc.Arbitrary<infer T> ? T : never;

function writeConfig(repo: Repo, config: ConfigCase) {
  const sets = config.sets.map((s) => ({ dir: s.dir, suites: s.suites.map((file) => ({ file, list: "migrations" })) }));
  repo.remove(CONFIG).remove(PACKAGE);
  if (config.where === "own") repo.write(CONFIG, JSON.stringify({ sets }));
  if (config.where === "package") repo.write(PACKAGE, JSON.stringify({ name: "x", mighook: { sets } }));
  if (config.where !== "package" && config.otherPackage) repo.write(PACKAGE, '{"name":"x"}\n');
  // The index follows the state; the working tree holds the files either way.
  for (const file of [CONFIG, PACKAGE]) {
    const present = existsSync(join(repo.dir, file));
    if (config.state === "disk") repo.git("rm", "-q", "--cached", "--ignore-unmatch", "--", file);
    else if (present) repo.git("add", "--", file);
    else repo.git("rm", "-q", "--cached", "--ignore-unmatch", "--", file);
  }
  if (config.state === "committed") repo.git("commit", "-q", "--no-verify", "--allow-empty", "-m", "config");
}

/** What `check --staged` reads: the index's config, else the working tree's, else the default. */
function effectivePaths(repo: Repo): string[] {
  const read = (spec: string) => spawnSync("git", ["show", spec], { cwd: repo.dir, env: gitEnv(), encoding: "utf8" });
  const pick = (own: string | null, pkg: string | null) => {
    if (own !== null) return JSON.parse(own);
    const parsed = pkg === null ? null : JSON.parse(pkg);
    return parsed && "mighook" in parsed ? parsed.mighook : null;
  };
  const indexed = (file: string) => {
    const r = read(`:${file}`);
    return r.status === 0 ? r.stdout : null;
  };
  const onDisk = (file: string) => (existsSync(join(repo.dir, file)) ? repo.read(file) : null);
  const config = pick(indexed(CONFIG), indexed(PACKAGE)) ?? pick(onDisk(CONFIG), onDisk(PACKAGE));
  const sets: Array<{ dir: string; suites?: Array<{ file: string }> }> = config?.sets ?? [{ dir: "migrations" }];
  return [...sets.flatMap((s) => [s.dir, ...(s.suites ?? []).map((x) => x.file)]), CONFIG, PACKAGE];
}

function stagedPaths(repo: Repo): string[] {
  return execFileSync("git", ["diff", "--cached", "--name-only", "-z", "--no-renames"], { cwd: repo.dir, env: gitEnv(), encoding: "utf8" })
    .split("\0")
    .filter(Boolean);
}

const SQL = "-- +goose Up\nSELECT 1;\n-- +goose Down\nSELECT 1;\n";

describe("the pre-check never lets a relevant commit through", () => {
  it("on random configs, config changes and staged changes", async () => {
    const verdicts = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(configArb, afterArb, fc.array(changeArb, { maxLength: 3 }), async (before, next, changes) => {
        const repo = new Repo();
        for (const dir of DIRS) repo.write(`${dir}/001_first.sql`, SQL);
        for (const suite of SUITES) repo.write(suite, `package x\n\nvar migrations = []string{\n\t"001_first.sql",\n}\n`);
        for (const path of PLAIN) repo.write(path, "plain\n");
        repo.commitAll("baseline");
        writeConfig(repo, before);
        repo.git("commit", "-q", "--no-verify", "--allow-empty", "-m", "before");
        // A full run writes the cache for the config as it is now.
        repo.mighook(["list"]);
        writeConfig(repo, next.same ? { ...before, state: next.state } : next.config);
        const config = next.same ? before : next.config;
        const watched = config.where === "none" ? ["migrations"] : config.sets.flatMap((set) => [set.dir, ...set.suites]);
        const any = [...DIRS, ...SUITES];
        for (const { aim, pick, kind } of changes) {
          const target = (aim === "watched" ? watched : aim === "any" ? any : PLAIN)[pick % (aim === "watched" ? watched.length : aim === "any" ? any.length : PLAIN.length)]!;
          const change = { kind, path: target.endsWith(".go") || target.includes(".") ? target : `${target}/${pick % 2 ? "001_first" : "002_next"}.sql` };
          if (change.kind === "delete") repo.remove(change.path);
          else if (change.kind === "write") repo.write(change.path, change.path.endsWith(".go") ? "package x\n" : SQL);
          else repo.write(change.path, `package x\n\nvar f = "003_named.sql"\n`);
          repo.git("add", "-A", "--", change.path.split("/")[0]!);
        }
        const verdict = preCheck(repo);
        verdicts.set(verdict, (verdicts.get(verdict) ?? 0) + 1);
        if (verdict !== 0) return;
        const relevant = effectivePaths(repo);
        const staged = stagedPaths(repo);
        const touched = staged.filter((path) => relevant.some((p) => path === p || path.startsWith(`${p}/`)));
        expect(touched, `staged ${staged.join(", ")}; relevant ${relevant.join(", ")}`).toEqual([]);
        const goNamingSql = staged.filter((p) => p.endsWith(".go") && repo.git("diff", "--cached", "--", p).includes(".sql"));
        expect(goNamingSql).toEqual([]);
        const check = repo.mighook(["check", "--staged"]);
        expect(check.code, check.stdout + check.stderr).toBe(0);
      }),
      {
        numRuns: RUNS,
        seed: SEED,
        examples: [
          // The config moves to another folder in a commit the hook never saw
          // (a pull, a --no-verify): the cache is stale, the new folder is watched.
          [
            { where: "own", sets: [{ dir: "migrations", suites: [] }], state: "committed", otherPackage: false },
            { same: false, config: { where: "own", sets: [{ dir: "sql", suites: [] }], state: "committed", otherPackage: false }, state: "committed" },
            [{ aim: "watched", pick: 0, kind: "write" }],
          ],
          // The same with a config that exists only in the working tree.
          [
            { where: "package", sets: [{ dir: "migrations", suites: [] }], state: "disk", otherPackage: false },
            { same: false, config: { where: "package", sets: [{ dir: "sql", suites: [] }], state: "disk", otherPackage: false }, state: "disk" },
            [{ aim: "watched", pick: 0, kind: "write" }],
          ],
        ],
      },
    );
    // The property means something only if the pre-check did let commits through.
    expect(verdicts.get(0) ?? 0).toBeGreaterThanOrEqual(Math.floor(RUNS / 10));
  }, 600_000);
});
