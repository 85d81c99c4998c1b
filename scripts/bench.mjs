// `npm run bench`: how long mighook takes as a pre-commit hook, next to a bare
// `node -e 0` (the floor for any Node hook) and the incident report's two bash
// scripts, on scratch repositories of 100, 1,000 and 10,000 migrations:
//  - unrelated commits (a README edit; an edit of cmd/server/main.go) through
//    the Node-free pre-check, in both forms mighook installs: the native hook
//    (.git/hooks/pre-commit) and `mighook-staged` (what husky, lefthook and the
//    pre-commit framework call); and `mighook check --staged` in Node for them;
//  - a full check of one new migration, with the SQL checks off
//    (dialect "none") and on (PostgreSQL's parser), with where the time goes
//    (MIGHOOK_PROFILE=1: start-up, git, config, parse, rules).
// Then the edits (`fix`, `new`, `renumber`) and a config with as many `skip`
// entries as migrations, at 1,000, 10,000 and 100,000 entries, side by side
// with `check --staged` at the same size and with the previous size: all must
// grow linearly. The bash scripts are quadratic: above 10,000 they are not run.
// It only prints: missed targets say MISS but the exit code stays 0.
//
//   node scripts/bench.mjs [--sizes 100,1000,10000] [--runs 15] [--bash-runs N]
//                          [--edit-sizes 1000,10000,100000] [--edit-runs N] [--verbose]
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, release, tmpdir, type as osType } from "node:os";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { MIGRATION_NAMES, SUITE, migrationFile, migrationSql, suiteGo } from "./fixtures.mjs";
import { benchApply, printApply } from "./bench-apply.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const CLI = resolve(HERE, "../dist/cli.js");
const STAGED = resolve(HERE, "../hooks/mighook-staged");
const BASH_SCRIPTS = ["validate-migration-sync.sh", "validate-migration-numbers.sh"];
const WIDTH = 5; // 10,000 migrations plus the staged one still fit (the bash scripts expect it)
const EDIT_WIDTH = 6; // 100,000 and more, for the edits
const BASH_ABOVE = 10_000; // the bash scripts are quadratic: not run above this size
const WARMUPS = 2;
const TARGETS = { pre: 0.3, preAim: 0.2, quick: 1.5, full: 4, fullAim: 2.5, bash: 100, at: 10_000, sqlMs: 60 };

const configWith = (dialect) => ({
  sets: [
    {
      name: "datastorage",
      dir: "migrations",
      special: ["1000000_*.sql"],
      suites: [{ file: SUITE, list: "migrations" }],
      dialect,
    },
  ],
});

// ---------------------------------------------------------------- options

const HELP = `Usage: node scripts/bench.mjs [options]   (npm run bench builds first)

  --sizes LIST      migration counts to try (default 100,1000,10000)
  --runs N          timed runs of each fast command, after ${WARMUPS} warm-ups (default 15)
  --bash-runs N     runs of the bash scripts at every size (default 5 / 3 / 2 at 100 / 1,000 / 10,000;
                    never above ${BASH_ABOVE.toLocaleString("en-US")}: they are quadratic)
  --edit-sizes LIST list sizes for fix, new, renumber and skip entries (default 1000,10000,100000; "" for none)
  --edit-runs N     timed runs of each of those per size (default 3; 1 at 100,000 and above)
  --apply-runs N    warm runs of check --staged --apply (default 5; 0 leaves --apply out)
  --verbose         also print the git commands each mighook run started
`;

let options;
try {
  options = parseArgs({
    options: {
      sizes: { type: "string", default: "100,1000,10000" },
      runs: { type: "string", default: "15" },
      "bash-runs": { type: "string" },
      "edit-sizes": { type: "string", default: "1000,10000,100000" },
      "edit-runs": { type: "string" },
      "apply-runs": { type: "string", default: "5" },
      verbose: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  }).values;
} catch (error) {
  process.stderr.write(`bench: ${error.message}\n\n${HELP}`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const positiveInt = (text, what) => {
  const n = Number(String(text).replace(/[_,]/g, ""));
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`bench: ${what} must be a positive integer (got "${text}")\n`);
    process.exit(2);
  }
  return n;
};
const SIZES = options.sizes.split(",").filter(Boolean).map((s) => positiveInt(s, "--sizes"));
const RUNS = positiveInt(options.runs, "--runs");
const APPLY_RUNS = options["apply-runs"] === "0" ? 0 : positiveInt(options["apply-runs"], "--apply-runs");
const BASH_RUNS = options["bash-runs"] === undefined ? null : positiveInt(options["bash-runs"], "--bash-runs");
const EDIT_SIZES = options["edit-sizes"].split(",").filter(Boolean).map((s) => positiveInt(s, "--edit-sizes"));
const EDIT_RUNS = options["edit-runs"] === undefined ? null : positiveInt(options["edit-runs"], "--edit-runs");
if (EDIT_SIZES.some((n) => n >= 10 ** EDIT_WIDTH - 100)) {
  process.stderr.write(`bench: --edit-sizes must stay below ${10 ** EDIT_WIDTH - 100} (versions are padded to ${EDIT_WIDTH} digits)\n`);
  process.exit(2);
}
if (SIZES.some((n) => n >= 10 ** WIDTH - 1)) {
  process.stderr.write(`bench: sizes must stay below ${10 ** WIDTH - 1} (versions are padded to ${WIDTH} digits)\n`);
  process.exit(2);
}
if (!existsSync(CLI)) {
  process.stderr.write(`bench: ${CLI} is missing; run \`npm run build\` (or \`npm run bench\`, which builds first)\n`);
  process.exit(2);
}
const bashRunsFor = (size) => (size > BASH_ABOVE ? 0 : (BASH_RUNS ?? (size >= 10_000 ? 2 : size >= 1_000 ? 3 : 5)));

// ---------------------------------------------------------------- processes

// The developer's git config (hooks, fsmonitor, signing, aliases...) stays out,
// and so does any GIT_DIR/GIT_INDEX_FILE inherited from a hook we run inside.
const ENV = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("GIT_")));
Object.assign(ENV, { GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1", NO_COLOR: "1", LC_ALL: "C" });

/**
 * CPU time (user + system, ms) of this process's waited-for children and
 * theirs (the hook's git processes included), from /proc/self/stat; NaN
 * elsewhere. Unlike wall time it hardly moves when other work shares the
 * machine, so its ratios hold on a busy one too. Ticks are summed by the
 * kernel in finer units, so a difference over many runs is exact to a tick.
 */
const TICK_MS = 10; // USER_HZ is 100 on Linux
function childrenCpuMs() {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[13]) + Number(fields[14])) * TICK_MS; // cutime, cstime (fields 16 and 17)
  } catch {
    return NaN;
  }
}

function run(cmd, args, cwd, env = ENV) {
  const cpuBefore = childrenCpuMs();
  const start = performance.now();
  const result = spawnSync(cmd, args, { cwd, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - start;
  if (result.error) throw result.error;
  return { ms, cpu: childrenCpuMs() - cpuBefore, code: result.status ?? result.signal, stdout: result.stdout, stderr: result.stderr };
}

/** Removes the launcher's code cache, so that the next run is a clone's first. */
function dropCodeCache(repo) {
  const own = join(repo, ".git", "mighook");
  for (const name of existsSync(own) ? readdirSync(own) : []) if (name.startsWith("code-cache-")) rmSync(join(own, name), { force: true });
}

function git(cwd, ...args) {
  const result = run("git", args, cwd);
  if (result.code !== 0) throw new Error(`git ${args.join(" ")} failed in ${cwd}:\n${result.stderr}`);
  return result.stdout;
}

const AUTHOR = ["-c", "user.name=mighook bench", "-c", "user.email=bench@example.invalid"];

// ---------------------------------------------------------------- repositories

const migrationName = (version) => MIGRATION_NAMES[(version - 1) % MIGRATION_NAMES.length];
const migrationAt = (version) => migrationFile(version, migrationName(version), WIDTH);

function writeFiles(root, files) {
  const dirs = new Set();
  for (const [path, content] of Object.entries(files)) {
    const dir = dirname(join(root, path));
    if (!dirs.has(dir)) mkdirSync(dir, { recursive: true }), dirs.add(dir);
    writeFileSync(join(root, path), content);
  }
}

/** A committed repository with `size` migrations, all listed in the suite. */
function buildRepo(root, size, dialect) {
  mkdirSync(root, { recursive: true });
  const files = {
    "README.md": "# datastorage\n",
    "go.mod": "module example.com/datastorage\n\ngo 1.22\n",
    "cmd/server/main.go": 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("datastorage")\n}\n',
    "mighook.config.json": `${JSON.stringify(configWith(dialect), null, 2)}\n`,
  };
  const listed = [];
  for (let v = 1; v <= size; v++) {
    const file = migrationAt(v);
    files[`migrations/${file}`] = migrationSql(migrationName(v));
    listed.push(file);
  }
  files[SUITE] = suiteGo(listed, { lists: 1 });
  writeFiles(root, files);
  mkdirSync(join(root, "scripts"), { recursive: true });
  for (const script of BASH_SCRIPTS) copyFileSync(join(HERE, "bench", script), join(root, "scripts", script));
  git(root, "init", "-q", "-b", "main");
  git(root, "add", "-A");
  git(root, ...AUTHOR, "commit", "-q", "--no-verify", "-m", `${size} migrations`);
  return listed;
}

function clone(from, to) {
  git(dirname(to), "clone", "-q", "--no-hardlinks", from, to);
}

/** An unrelated commit: a README edit. */
function stageReadme(root) {
  writeFileSync(join(root, "README.md"), "# datastorage\n\nNothing to do with migrations.\n");
  git(root, "add", "README.md");
}

/** An unrelated commit in a Go service: an edit of cmd/server/main.go. */
function stageGoEdit(root) {
  writeFileSync(join(root, "cmd/server/main.go"), 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("datastorage v2")\n}\n');
  git(root, "add", "cmd/server/main.go");
}

/** One new migration and its suite entry: a full, clean check. */
function stageNewMigration(root, listed) {
  const file = migrationFile(listed.length + 1, "add_status_reason_column", WIDTH);
  writeFiles(root, {
    [`migrations/${file}`]: migrationSql("add_status_reason_column"),
    [SUITE]: suiteGo([...listed, file], { lists: 1 }),
  });
  git(root, "add", `migrations/${file}`, SUITE);
}

/** `mighook install` (the native hook, and the pre-check's cache). */
function install(root) {
  const r = run(process.execPath, [CLI, "install"], root);
  if (r.code !== 0) throw new Error(`mighook install failed in ${root}:\n${r.stdout}${r.stderr}`);
}

// ---------------------------------------------------------------- measuring

const median = (xs) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

const firstLines = (text, n = 3) =>
  text
    .split("\n")
    .filter((l) => l.trim())
    .slice(0, n)
    .map((l) => `      ${l}`)
    .join("\n");

/** The git processes (trace2 "start" events) one run of a command started, and whether Node ran. */
function processes(command, traceFile) {
  rmSync(traceFile, { force: true });
  const result = run(command.cmd, command.args, command.cwd, { ...ENV, GIT_TRACE2_EVENT: traceFile });
  const events = existsSync(traceFile)
    ? readFileSync(traceFile, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => {
          try {
            return JSON.parse(line);
          } catch {
            return {};
          }
        })
    : [];
  const starts = events.filter((e) => e.event === "start");
  return { code: result.code, count: starts.length, argv: starts.map((e) => (Array.isArray(e.argv) ? e.argv.slice(1).join(" ") : "?")) };
}

/** Median time per phase over a few MIGHOOK_PROFILE=1 runs of a full check. */
function profile(command, runs = 5) {
  const seen = new Map();
  for (let i = 0; i < runs; i++) {
    const r = run(command.cmd, command.args, command.cwd, { ...ENV, MIGHOOK_PROFILE: "1" });
    const line = /mighook profile \(ms\): (.*)$/m.exec(r.stderr)?.[1];
    if (!line) continue;
    const [phases, rest] = line.split("; total ");
    for (const part of phases.split(", ")) {
      const at = part.lastIndexOf(" ");
      const name = part.slice(0, at);
      if (!seen.has(name)) seen.set(name, []);
      seen.get(name).push(Number(part.slice(at + 1)));
    }
    const total = Number(rest.split(";")[0]);
    const git = /git: (\d+) processes, ([\d.]+) ms/.exec(rest);
    for (const [name, value] of [["total", total], ["git processes (wall time, overlaps the phases)", Number(git?.[2])]]) {
      if (!seen.has(name)) seen.set(name, []);
      seen.get(name).push(value);
    }
  }
  return [...seen].map(([name, xs]) => [name, median(xs)]);
}

function benchSize(size, scratch) {
  const t0 = performance.now();
  process.stdout.write(`\n== ${size.toLocaleString("en-US")} migrations: building repositories... `);
  // One repository per case, so that all can be timed round-robin without
  // re-staging between runs; all start from the same commit.
  const dir = (name) => join(scratch, `${size}-${name}`);
  const listed = buildRepo(dir("readme"), size, "none");
  for (const name of ["go", "full-none", "full-postgres"]) clone(dir("readme"), dir(name));
  writeFileSync(join(dir("full-postgres"), "mighook.config.json"), `${JSON.stringify(configWith("postgres"), null, 2)}\n`);
  git(dir("full-postgres"), "add", "mighook.config.json");
  git(dir("full-postgres"), ...AUTHOR, "commit", "-q", "--no-verify", "-m", "SQL checks on");
  install(dir("readme"));
  install(dir("go"));
  stageReadme(dir("readme"));
  stageGoEdit(dir("go"));
  stageNewMigration(dir("full-none"), listed);
  stageNewMigration(dir("full-postgres"), listed);
  process.stdout.write(`${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

  const hook = (cwd) => ({ cmd: join(cwd, ".git", "hooks", "pre-commit"), args: [], cwd });
  const commands = [
    { key: "node", label: "node -e 0", cmd: process.execPath, args: ["-e", "0"], cwd: dir("readme") },
    { key: "hookReadme", label: "native hook, README edit", ...hook(dir("readme")), pre: true },
    { key: "stagedReadme", label: "mighook-staged, README edit", cmd: STAGED, args: [], cwd: dir("readme"), pre: true },
    { key: "hookGo", label: "native hook, cmd/server/main.go edit", ...hook(dir("go")), pre: true },
    { key: "stagedGo", label: "mighook-staged, cmd/server/main.go edit", cmd: STAGED, args: [], cwd: dir("go"), pre: true },
    { key: "quick", label: "check --staged in Node, README edit", cmd: process.execPath, args: [CLI, "check", "--staged"], cwd: dir("readme") },
    { key: "full", label: "full check, SQL checks off (dialect none)", cmd: process.execPath, args: [CLI, "check", "--staged"], cwd: dir("full-none") },
    { key: "fullSql", label: "full check, SQL checks on (postgres)", cmd: process.execPath, args: [CLI, "check", "--staged"], cwd: dir("full-postgres") },
    // The launcher compiles mighook with V8's code cache, which the first run in a clone writes to .git/mighook/.
    { key: "fullFirst", label: "full check, SQL off, first run (writes code cache)", cmd: process.execPath, args: [CLI, "check", "--staged"], cwd: dir("full-none"), before: () => dropCodeCache(dir("full-none")) },
    { key: "fullNoCache", label: "full check, SQL off, MIGHOOK_CODE_CACHE=0", cmd: process.execPath, args: [CLI, "check", "--staged"], cwd: dir("full-none"), env: { MIGHOOK_CODE_CACHE: "0" } },
  ];
  const times = Object.fromEntries(commands.map((c) => [c.key, []]));
  const cpu = Object.fromEntries(commands.map((c) => [c.key, 0]));
  const failures = [];

  // The bash scripts judge the full-check repository's working tree (all listed).
  const bashRuns = bashRunsFor(size);
  // Spread over the timed rounds (several per round if asked for more runs than rounds).
  const bashRounds = new Map();
  for (let i = 0; i < bashRuns; i++) {
    const round = WARMUPS + Math.floor(((i + 0.5) * RUNS) / bashRuns);
    bashRounds.set(round, (bashRounds.get(round) ?? 0) + 1);
  }
  const bash = { total: [], sync: [], numbers: [], codes: new Map() };

  const rounds = WARMUPS + RUNS;
  for (let round = 0; round < rounds; round++) {
    const warm = round < WARMUPS;
    // Rotate the order each round so no command always runs first.
    const order = commands.map((_, i) => commands[(i + round) % commands.length]);
    for (const c of order) {
      c.before?.();
      const r = run(c.cmd, c.args, c.cwd, { ...ENV, ...c.env });
      if (r.code !== 0) failures.push({ label: c.label, code: r.code, output: r.stdout + r.stderr });
      else if (!warm) times[c.key].push(r.ms), (cpu[c.key] += r.cpu);
    }
    for (let k = bashRounds.get(round) ?? 0; k > 0; k--) {
      process.stdout.write(`   bash scripts, run ${bash.total.length + 1}/${bashRuns}... `);
      let total = 0;
      for (const script of BASH_SCRIPTS) {
        const r = run("bash", [`scripts/${script}`], dir("full-none"));
        total += r.ms;
        bash[script.includes("sync") ? "sync" : "numbers"].push(r.ms);
        if (r.code !== 0) {
          // "  - NNN_name.sql" lines: the migrations the script claims are missing.
          const claimed = (r.stdout.match(/^\s+- \S+\.sql$/gm) ?? []).length;
          const seen = bash.codes.get(script) ?? { runs: 0, codes: new Set(), claimed: 0, output: r.stdout + r.stderr };
          seen.runs++, seen.codes.add(r.code), (seen.claimed = Math.max(seen.claimed, claimed));
          bash.codes.set(script, seen);
        }
      }
      bash.total.push(total);
      process.stdout.write(`${(total / 1000).toFixed(1)} s\n`);
    }
  }

  const traceFile = join(scratch, `trace-${size}.jsonl`);
  const gitCounts = Object.fromEntries(commands.filter((c) => c.key !== "node").map((c) => [c.key, processes(c, traceFile)]));
  const phases = { full: profile(commands.find((c) => c.key === "full")), fullSql: profile(commands.find((c) => c.key === "fullSql")) };

  for (const name of ["readme", "go", "full-none", "full-postgres"]) rmSync(dir(name), { recursive: true, force: true });
  return { size, commands, times, cpu, failures, bash, bashRuns, gitCounts, phases, seconds: (performance.now() - t0) / 1000 };
}

// ---------------------------------------------------------------- printing

const fmtMs = (ms) => (Number.isNaN(ms) ? "—" : ms >= 10_000 ? ms.toFixed(0) : ms.toFixed(1));
const fmtRatio = (r) => (Number.isNaN(r) ? "—" : r >= 100 ? `${r.toFixed(0)}×` : `${r.toFixed(2)}×`);
const pad = (text, width, right = false) => (right ? String(text).padStart(width) : String(text).padEnd(width));

function verdict(ratio, target, direction, applies, aim) {
  if (Number.isNaN(ratio)) return "n/a (no data)";
  if (!applies) return `(target applies at ${TARGETS.at.toLocaleString("en-US")})`;
  const ok = direction === "max" ? ratio <= target : ratio >= target;
  if (!ok) return "MISS  <<<<<";
  return aim === undefined ? "PASS" : ratio <= aim ? `PASS (aim ≤ ${aim}× met)` : `PASS (aim ≤ ${aim}× not met)`;
}

function printSize(r) {
  const m = Object.fromEntries(Object.entries(r.times).map(([k, xs]) => [k, median(xs)]));
  const bashMs = median(r.bash.total);
  const L = 52;
  console.log(`\n${r.size.toLocaleString("en-US")} migrations, suite list of ${r.size.toLocaleString("en-US")} entries`);
  console.log(`  ${pad("command", L)}${pad("median ms", 11, true)}${pad("runs", 6, true)}${pad("git procs", 11, true)}`);
  for (const c of r.commands)
    console.log(
      `  ${pad(c.label, L)}${pad(fmtMs(m[c.key]), 11, true)}${pad(r.times[c.key].length, 6, true)}${pad(r.gitCounts[c.key]?.count ?? "", 11, true)}`,
    );
  if (r.bash.total.length === 0 && r.size > BASH_ABOVE)
    console.log(`  ${pad("bash validate-migration-sync + numbers", L)}  not run above ${BASH_ABOVE.toLocaleString("en-US")} (quadratic)`);
  else
    console.log(
      `  ${pad("bash validate-migration-sync + numbers", L)}${pad(fmtMs(bashMs), 11, true)}${pad(r.bash.total.length, 6, true)}` +
        `   (sync ${fmtMs(median(r.bash.sync))}, numbers ${fmtMs(median(r.bash.numbers))})`,
    );

  const at = r.size >= TARGETS.at;
  const rows = [
    ...r.commands
      .filter((c) => c.pre)
      .map((c) => [`${c.label} / node -e 0`, m[c.key] / m.node, `≤ ${TARGETS.pre}×`, verdict(m[c.key] / m.node, TARGETS.pre, "max", true, TARGETS.preAim)]),
    ["check --staged in Node, README / node -e 0", m.quick / m.node, `≤ ${TARGETS.quick}×`, verdict(m.quick / m.node, TARGETS.quick, "max", true)],
    ["full check, SQL off / node -e 0", m.full / m.node, `≤ ${TARGETS.full}×`, verdict(m.full / m.node, TARGETS.full, "max", at, TARGETS.fullAim)],
    ["full check, SQL on / node -e 0", m.fullSql / m.node, "(shown)", ""],
    ["full check, SQL off, first run / node -e 0", m.fullFirst / m.node, "(shown)", ""],
    ["full check, SQL off, code cache off / node -e 0", m.fullNoCache / m.node, "(shown)", ""],
    ["bash / mighook full check (SQL off)", bashMs / m.full, `≥ ${TARGETS.bash}×`, verdict(bashMs / m.full, TARGETS.bash, "min", at)],
  ];
  console.log(`  ${pad("ratio", L)}${pad("value", 11, true)}   target  verdict`);
  for (const [label, ratio, target, v] of rows) console.log(`  ${pad(label, L)}${pad(fmtRatio(ratio), 11, true)}   ${pad(target, 7)} ${v}`);
  // What PostgreSQL's parser (loading it, and parsing the new migration) costs.
  const sqlMs = m.fullSql - m.full;
  console.log(
    `  ${pad("SQL checks: SQL on − SQL off", L)}${pad(`${sqlMs >= 0 ? "+" : ""}${fmtMs(sqlMs)} ms`, 11, true)}   ${pad(`≤ +${TARGETS.sqlMs} ms`, 7)} ${
      Number.isNaN(sqlMs) ? "n/a (no data)" : sqlMs <= TARGETS.sqlMs ? "PASS" : "MISS  <<<<<"
    }`,
  );

  for (const [key, label] of [["full", "SQL checks off"], ["fullSql", "SQL checks on"]])
    console.log(`  where a full check's time goes (${label}; MIGHOOK_PROFILE=1, medians in ms): ${r.phases[key].map(([name, ms]) => `${name} ${fmtMs(ms)}`).join(", ")}`);
  const preNode = Object.entries(r.gitCounts).filter(([key]) => r.commands.find((c) => c.key === key)?.pre && r.gitCounts[key].argv.some((a) => a.startsWith("cat-file")));
  if (preNode.length) console.log(`  NOTE: a pre-check reached mighook (it read blobs): ${preNode.map(([k]) => k).join(", ")}`);
  if (options.verbose)
    for (const c of r.commands) for (const argv of r.gitCounts[c.key]?.argv ?? []) console.log(`      ${c.label}: git ${argv}`);

  for (const [script, { runs, codes, claimed, output }] of r.bash.codes)
    console.log(
      `  NOTE: scripts/${script} exited ${[...codes].join("/")} in ${runs} of ${r.bash.total.length} runs, although every migration ` +
        `is listed and numbers are unique${claimed ? ` (it claimed up to ${claimed} missing)` : ""}:\n${firstLines(output, 3)}`,
    );
  const seen = new Set();
  for (const f of r.failures) {
    if (seen.has(f.label)) continue;
    seen.add(f.label);
    const n = r.failures.filter((x) => x.label === f.label).length;
    console.log(`  ERROR: ${f.label} exited ${f.code} (${n} run${n > 1 ? "s" : ""}; expected 0):\n${firstLines(f.output, 6)}`);
  }
  console.log(`  (${r.seconds.toFixed(1)} s for this size)`);
}

function printSummary(results) {
  console.log("\nSummary (medians in ms, ratio to node -e 0 in brackets)");
  const cols = [
    ["node", "node -e 0"],
    ["hookReadme", "hook README"],
    ["stagedReadme", "staged README"],
    ["hookGo", "hook main.go"],
    ["stagedGo", "staged main.go"],
    ["quick", "Node README"],
    ["full", "full, SQL off"],
    ["fullSql", "full, SQL on"],
  ];
  const w = 16;
  console.log(`  ${pad("migrations", 11)}${cols.map(([, label]) => pad(label, w, true)).join("")}${pad("bash", 10, true)}`);
  for (const r of results) {
    const m = Object.fromEntries(Object.entries(r.times).map(([k, xs]) => [k, median(xs)]));
    const cell = (key) => (key === "node" ? fmtMs(m.node) : `${fmtMs(m[key])} (${fmtRatio(m[key] / m.node)})`);
    console.log(`  ${pad(r.size.toLocaleString("en-US"), 11)}${cols.map(([key]) => pad(cell(key), w, true)).join("")}${pad(fmtMs(median(r.bash.total)), 10, true)}`);
  }
  const counts = new Set(results.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r.gitCounts).map(([k, v]) => [k, v.count])))));
  if (results.length > 1)
    console.log(counts.size === 1 ? "  git processes per run are the same at every size." : "  NOTE: git processes per run change with size (expected constant).");
  console.log("  hook = the native .git/hooks/pre-commit; staged = mighook-staged (husky, lefthook, pre-commit). Targets missed are marked MISS; the exit code stays 0.");
  if (results.some((r) => !Number.isNaN(r.cpu.node))) {
    // CPU time barely moves when other work shares the machine: the same ratios, robust to load.
    console.log("\nCPU time (user + system of the command and every process it started; mean ms per run, ratio to node -e 0)");
    console.log(`  ${pad("migrations", 11)}${cols.map(([, label]) => pad(label, w, true)).join("")}`);
    for (const r of results) {
      const mean = Object.fromEntries(Object.entries(r.cpu).map(([k, total]) => [k, total / Math.max(1, r.times[k].length)]));
      const cell = (key) => (key === "node" ? fmtMs(mean.node) : `${fmtMs(mean[key])} (${fmtRatio(mean[key] / mean.node)})`);
      console.log(`  ${pad(r.size.toLocaleString("en-US"), 11)}${cols.map(([key]) => pad(cell(key), w, true)).join("")}`);
    }
  }
}


// ---------------------------------------------------------------- edits and skip lists

// fix, new and renumber rewrite a suite list, and a config may hold a skip
// entry per migration: each must stay linear in the list's size. Each command
// is timed on its own scratch state (set up untimed), next to check --staged
// at the same size; a size ten times larger should take about ten times as long.
const EDITS = [
  { key: "check", label: "check --staged (full)" },
  { key: "fix", label: "fix (1 missing, 1 stale entry)" },
  { key: "new", label: "new" },
  { key: "renumber", label: "renumber (the newest)" },
  { key: "skips", label: "check --staged, a skip per migration" },
  { key: "stale", label: "check --staged, as many stale skips" },
];

const editRunsFor = (size) => EDIT_RUNS ?? (size >= 100_000 ? 1 : 3);

/** A committed repository of `size` migrations (EDIT_WIDTH digits), all listed. */
function buildEditRepo(root, size) {
  mkdirSync(root, { recursive: true });
  const files = { "go.mod": "module example.com/datastorage\n\ngo 1.22\n", "mighook.config.json": `${JSON.stringify(configWith("none"), null, 2)}\n` };
  const listed = [];
  for (let v = 1; v <= size; v++) {
    const file = migrationFile(v, migrationName(v), EDIT_WIDTH);
    files[`migrations/${file}`] = migrationSql(migrationName(v));
    listed.push(file);
  }
  files[SUITE] = suiteGo(listed, { lists: 1 });
  writeFiles(root, files);
  git(root, "init", "-q", "-b", "main");
  git(root, "add", "-A");
  git(root, ...AUTHOR, "commit", "-q", "--no-verify", "-m", `${size} migrations`);
  return listed;
}

function benchEdits(size, scratch) {
  const t0 = performance.now();
  process.stdout.write(`\n== edits at ${size.toLocaleString("en-US")} entries: building the repository... `);
  const root = join(scratch, `${size}-edits`);
  const listed = buildEditRepo(root, size);
  process.stdout.write(`${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  const reset = () => (git(root, "reset", "-q", "--hard"), git(root, "clean", "-fdq"));
  const suite = (files) => writeFiles(root, { [SUITE]: suiteGo(files, { lists: 1 }) });
  const config = (set) => writeFiles(root, { "mighook.config.json": `${JSON.stringify({ sets: [{ ...configWith("none").sets[0], ...set }] }, null, 2)}\n` });
  const setups = {
    check: () => {
      reset();
      const file = migrationFile(size + 1, "add_status_reason_column", EDIT_WIDTH);
      writeFiles(root, { [`migrations/${file}`]: migrationSql("add_status_reason_column") });
      suite([...listed, file]);
      git(root, "add", "-A");
    },
    fix: () => {
      reset();
      suite([...listed.slice(0, size >> 1), migrationFile(size + 3, "gone", EDIT_WIDTH), ...listed.slice(size >> 1, -1)]);
      git(root, "add", SUITE);
    },
    new: reset,
    renumber: reset,
    skips: () => {
      reset();
      config({ skip: Object.fromEntries(listed.map((f) => [f, "applied by hand"])) });
      suite([]);
      git(root, "add", "-A");
    },
    stale: () => {
      reset();
      config({ skip: Object.fromEntries(listed.map((_, i) => [migrationFile(size + 10 + i, "gone", EDIT_WIDTH), "removed"])) });
      git(root, "add", "-A");
    },
  };
  const args = {
    check: ["check", "--staged"],
    fix: ["fix"],
    new: ["new", "add status reason"],
    renumber: ["renumber", `migrations/${listed.at(-1)}`],
    skips: ["check", "--staged"],
    stale: ["check", "--staged"],
  };
  // Exit 1 is expected where findings remain (the stale skips); 2 never is.
  const expected = { check: 0, fix: 0, new: 0, renumber: 0, skips: 0, stale: 1 };
  const times = Object.fromEntries(EDITS.map((e) => [e.key, []]));
  const failures = [];
  const runs = editRunsFor(size);
  for (let round = 0; round < runs; round++)
    for (const e of EDITS) {
      setups[e.key]();
      const r = run(process.execPath, [CLI, ...args[e.key]], root);
      if (r.code !== expected[e.key]) failures.push({ label: e.label, code: r.code, output: r.stdout + r.stderr });
      else times[e.key].push(r.ms);
    }
  rmSync(root, { recursive: true, force: true });
  return { size, times, failures, runs, seconds: (performance.now() - t0) / 1000 };
}

function printEdits(results) {
  if (!results.length) return;
  console.log("\nEdits and skip lists: median ms; (× check) = ratio to check --staged at the same size;");
  console.log("  [× prev] = growth from the previous size (linear: about the size ratio; quadratic: its square)");
  const w = 28;
  console.log(`  ${pad("command", 38)}${results.map((r) => pad(`${r.size.toLocaleString("en-US")} (${r.runs} run${r.runs > 1 ? "s" : ""})`, w, true)).join("")}`);
  for (const e of EDITS) {
    const cells = results.map((r, i) => {
      const ms = median(r.times[e.key]);
      const vsCheck = e.key === "check" ? "" : ` (${fmtRatio(ms / median(r.times.check))})`;
      const growth = i > 0 ? ` [${fmtRatio(ms / median(results[i - 1].times[e.key]))}]` : "";
      return pad(`${fmtMs(ms)}${vsCheck}${growth}`, w, true);
    });
    console.log(`  ${pad(e.label, 38)}${cells.join("")}`);
  }
  for (const r of results) {
    const seen = new Set();
    for (const f of r.failures) {
      if (seen.has(f.label)) continue;
      seen.add(f.label);
      console.log(`  ERROR at ${r.size.toLocaleString("en-US")}: ${f.label} exited ${f.code}:\n${firstLines(f.output, 6)}`);
    }
  }
}

// ---------------------------------------------------------------- main

const scratch = mkdtempSync(join(tmpdir(), "mighook-bench-"));
const cleanup = () => rmSync(scratch, { recursive: true, force: true });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => (cleanup(), process.exit(130)));

let broken = false;
try {
  const gitVersion = run("git", ["--version"], scratch).stdout.trim();
  console.log(
    `mighook bench: ${CLI}\n  node ${process.version}, ${gitVersion}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${osType()} ${release()}\n` +
      `  ${RUNS} runs after ${WARMUPS} warm-ups for the fast commands, interleaved round-robin; sizes ${SIZES.join(", ")}`,
  );
  const results = [];
  for (const size of SIZES) {
    const r = benchSize(size, scratch);
    results.push(r);
    printSize(r);
    if (r.failures.length) broken = true;
  }
  if (results.length) printSummary(results);
  const edits = [];
  for (const size of EDIT_SIZES) {
    const r = benchEdits(size, scratch);
    edits.push(r);
    if (r.failures.length) broken = true;
  }
  printEdits(edits);
  if (APPLY_RUNS) printApply(benchApply({ cli: CLI, scratch, env: ENV, runs: APPLY_RUNS }));
} finally {
  cleanup();
}
// A missed target is a finding, not a failure; mighook failing to run is.
process.exitCode = broken ? 1 : 0;
