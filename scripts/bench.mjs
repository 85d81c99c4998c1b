// `npm run bench`: how long `mighook check --staged` takes as a pre-commit hook,
// next to a bare `node -e 0` (the floor for any Node hook) and the incident
// report's two bash scripts, on scratch repositories of 100, 1,000 and 10,000
// migrations. It only prints: missed targets say MISS but the exit code stays 0.
//
//   node scripts/bench.mjs [--sizes 100,1000,10000] [--runs 15] [--bash-runs N] [--verbose]
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, release, tmpdir, type as osType } from "node:os";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { MIGRATION_NAMES, SUITE, migrationFile, migrationSql, suiteGo } from "./fixtures.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const CLI = resolve(HERE, "../dist/cli.js");
const BASH_SCRIPTS = ["validate-migration-sync.sh", "validate-migration-numbers.sh"];
const WIDTH = 5; // 10,000 migrations plus the staged one still fit
const WARMUPS = 2;
const TARGETS = { quick: 1.5, full: 4, bash: 100, at: 10_000, sqlMs: 60 };

const CONFIG = {
  sets: [
    {
      name: "datastorage",
      dir: "migrations",
      special: ["1000000_*.sql"],
      suites: [{ file: SUITE, list: "migrations" }],
    },
  ],
};

// ---------------------------------------------------------------- options

const HELP = `Usage: node scripts/bench.mjs [options]   (npm run bench builds first)

  --sizes LIST      migration counts to try (default 100,1000,10000)
  --runs N          timed runs of each fast command, after ${WARMUPS} warm-ups (default 15)
  --bash-runs N     runs of the bash scripts at every size (default 5 / 3 / 2 at 100 / 1,000 / 10,000)
  --verbose         also print the git commands each mighook run started
`;

let options;
try {
  options = parseArgs({
    options: {
      sizes: { type: "string", default: "100,1000,10000" },
      runs: { type: "string", default: "15" },
      "bash-runs": { type: "string" },
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
const BASH_RUNS = options["bash-runs"] === undefined ? null : positiveInt(options["bash-runs"], "--bash-runs");
if (SIZES.some((n) => n >= 10 ** WIDTH - 1)) {
  process.stderr.write(`bench: sizes must stay below ${10 ** WIDTH - 1} (versions are padded to ${WIDTH} digits)\n`);
  process.exit(2);
}
if (!existsSync(CLI)) {
  process.stderr.write(`bench: ${CLI} is missing; run \`npm run build\` (or \`npm run bench\`, which builds first)\n`);
  process.exit(2);
}
const bashRunsFor = (size) => BASH_RUNS ?? (size >= 10_000 ? 2 : size >= 1_000 ? 3 : 5);

// ---------------------------------------------------------------- processes

// The developer's git config (hooks, fsmonitor, signing, aliases...) stays out,
// and so does any GIT_DIR/GIT_INDEX_FILE inherited from a hook we run inside.
const ENV = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("GIT_")));
Object.assign(ENV, { GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1", NO_COLOR: "1", LC_ALL: "C" });

function run(cmd, args, cwd, env = ENV) {
  const start = performance.now();
  const result = spawnSync(cmd, args, { cwd, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - start;
  if (result.error) throw result.error;
  return { ms, code: result.status ?? result.signal, stdout: result.stdout, stderr: result.stderr };
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
function buildRepo(root, size) {
  mkdirSync(root, { recursive: true });
  const files = {
    "README.md": "# datastorage\n",
    "go.mod": "module example.com/datastorage\n\ngo 1.22\n",
    "mighook.config.json": `${JSON.stringify(CONFIG, null, 2)}\n`,
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

function reset(root) {
  git(root, "reset", "-q", "--hard");
  git(root, "clean", "-fdq");
}

/** Case (a): a commit that touches nothing mighook watches. */
function stageNothingRelevant(root) {
  reset(root);
  writeFileSync(join(root, "README.md"), "# datastorage\n\nNothing to do with migrations.\n");
  git(root, "add", "README.md");
}

/** Case (b): one new migration and its suite entry: a full, clean check. */
function stageNewMigration(root, listed) {
  reset(root);
  const file = migrationFile(listed.length + 1, "add_status_reason_column", WIDTH);
  writeFiles(root, {
    [`migrations/${file}`]: migrationSql("add_status_reason_column"),
    [SUITE]: suiteGo([...listed, file], { lists: 1 }),
  });
  git(root, "add", `migrations/${file}`, SUITE);
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

/** Counts git processes (trace2 "start" events) during one mighook run. */
function gitProcesses(cwd, traceFile) {
  rmSync(traceFile, { force: true });
  const result = run(process.execPath, [CLI, "check", "--staged"], cwd, { ...ENV, GIT_TRACE2_EVENT: traceFile });
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
  return {
    code: result.code,
    count: starts.length,
    argv: starts.map((e) => (Array.isArray(e.argv) ? e.argv.slice(1).join(" ") : "?")),
  };
}

function benchSize(size, scratch) {
  const t0 = performance.now();
  process.stdout.write(`\n== ${size.toLocaleString("en-US")} migrations: building repositories... `);
  // One repository per mighook case, so that the two can be timed round-robin
  // without re-staging between runs; both start from the same commit.
  const repoA = join(scratch, `${size}-nothing-relevant`);
  const repoB = join(scratch, `${size}-full`);
  const repoC = join(scratch, `${size}-full-no-sql`);
  const listed = buildRepo(repoA, size);
  git(scratch, "clone", "-q", "--no-hardlinks", repoA, repoB);
  git(scratch, "clone", "-q", "--no-hardlinks", repoA, repoC);
  // The same commit with the SQL checks off: the difference is what
  // PostgreSQL's parser (loading it, and parsing the new migration) costs.
  const noSql = { ...CONFIG, sets: CONFIG.sets.map((set) => ({ ...set, dialect: "none" })) };
  writeFileSync(join(repoC, "mighook.config.json"), `${JSON.stringify(noSql, null, 2)}\n`);
  git(repoC, ...AUTHOR, "commit", "-q", "--no-verify", "-am", "SQL checks off");
  stageNothingRelevant(repoA);
  stageNewMigration(repoB, listed);
  stageNewMigration(repoC, listed);
  process.stdout.write(`${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

  const commands = [
    { key: "node", label: "node -e 0", cmd: process.execPath, args: ["-e", "0"], cwd: repoA },
    { key: "quick", label: "mighook, nothing relevant staged", cmd: process.execPath, args: [CLI, "check", "--staged"], cwd: repoA },
    { key: "full", label: "mighook, full check (1 new migration)", cmd: process.execPath, args: [CLI, "check", "--staged"], cwd: repoB },
    { key: "nosql", label: "  the same, SQL checks off", cmd: process.execPath, args: [CLI, "check", "--staged"], cwd: repoC },
  ];
  const times = Object.fromEntries(commands.map((c) => [c.key, []]));
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
      const r = run(c.cmd, c.args, c.cwd);
      if (r.code !== 0) failures.push({ label: c.label, code: r.code, output: r.stdout + r.stderr });
      else if (!warm) times[c.key].push(r.ms);
    }
    for (let k = bashRounds.get(round) ?? 0; k > 0; k--) {
      process.stdout.write(`   bash scripts, run ${bash.total.length + 1}/${bashRuns}... `);
      let total = 0;
      for (const script of BASH_SCRIPTS) {
        const r = run("bash", [`scripts/${script}`], repoB);
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
  const gitCounts = { quick: gitProcesses(repoA, traceFile), full: gitProcesses(repoB, traceFile) };

  rmSync(repoA, { recursive: true, force: true });
  rmSync(repoB, { recursive: true, force: true });
  rmSync(repoC, { recursive: true, force: true });
  return { size, commands, times, failures, bash, bashRuns, gitCounts, seconds: (performance.now() - t0) / 1000 };
}

// ---------------------------------------------------------------- printing

const fmtMs = (ms) => (Number.isNaN(ms) ? "—" : ms >= 10_000 ? ms.toFixed(0) : ms.toFixed(1));
const fmtRatio = (r) => (Number.isNaN(r) ? "—" : r >= 100 ? `${r.toFixed(0)}×` : `${r.toFixed(2)}×`);
const pad = (text, width, right = false) => (right ? String(text).padStart(width) : String(text).padEnd(width));

function verdict(ratio, target, direction, applies) {
  if (Number.isNaN(ratio)) return "n/a (no data)";
  if (!applies) return `(target applies at ${TARGETS.at.toLocaleString("en-US")})`;
  const ok = direction === "max" ? ratio <= target : ratio >= target;
  return ok ? "PASS" : "MISS  <<<<<";
}

function printSize(r) {
  const m = Object.fromEntries(Object.entries(r.times).map(([k, xs]) => [k, median(xs)]));
  const bashMs = median(r.bash.total);
  const L = 42;
  console.log(`\n${r.size.toLocaleString("en-US")} migrations, suite list of ${r.size.toLocaleString("en-US")} entries`);
  console.log(`  ${pad("command", L)}${pad("median ms", 11, true)}${pad("runs", 6, true)}`);
  for (const c of r.commands) console.log(`  ${pad(c.label, L)}${pad(fmtMs(m[c.key]), 11, true)}${pad(r.times[c.key].length, 6, true)}`);
  console.log(
    `  ${pad("bash validate-migration-sync + numbers", L)}${pad(fmtMs(bashMs), 11, true)}${pad(r.bash.total.length, 6, true)}` +
      `   (sync ${fmtMs(median(r.bash.sync))}, numbers ${fmtMs(median(r.bash.numbers))})`,
  );

  const at = r.size >= TARGETS.at;
  const rows = [
    ["nothing relevant / node -e 0", m.quick / m.node, `≤ ${TARGETS.quick}×`, verdict(m.quick / m.node, TARGETS.quick, "max", true)],
    ["full check / node -e 0", m.full / m.node, `≤ ${TARGETS.full}×`, verdict(m.full / m.node, TARGETS.full, "max", at)],
    ["bash / mighook full check", bashMs / m.full, `≥ ${TARGETS.bash}×`, verdict(bashMs / m.full, TARGETS.bash, "min", at)],
    ["full check / the same, SQL checks off", m.full / m.nosql, "", ""],
  ];
  console.log(`  ${pad("ratio", L)}${pad("value", 11, true)}   target  verdict`);
  for (const [label, ratio, target, v] of rows) console.log(`  ${pad(label, L)}${pad(fmtRatio(ratio), 11, true)}   ${pad(target, 7)} ${v}`);
  const sqlMs = m.full - m.nosql;
  console.log(
    `  ${pad("SQL checks: full check − SQL checks off", L)}${pad(`${sqlMs >= 0 ? "+" : ""}${fmtMs(sqlMs)} ms`, 11, true)}   ${pad(`≤ +${TARGETS.sqlMs} ms`, 7)} ${
      Number.isNaN(sqlMs) ? "n/a (no data)" : sqlMs <= TARGETS.sqlMs ? "PASS" : "MISS  <<<<<"
    }`,
  );

  const g = r.gitCounts;
  console.log(
    `  git processes per mighook run: nothing relevant ${g.quick.count} (exit ${g.quick.code}), full check ${g.full.count} (exit ${g.full.code})`,
  );
  if (options.verbose)
    for (const [k, label] of [["quick", "nothing relevant"], ["full", "full check"]])
      for (const argv of g[k].argv) console.log(`      ${label}: git ${argv}`);

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
  console.log("\nSummary");
  const w = 12;
  console.log(
    `  ${pad("migrations", 11)}${pad("node -e 0", w, true)}${pad("nothing rel.", w + 1, true)}${pad("full check", w, true)}${pad("bash", w, true)}` +
      `${pad("git procs a/b", 15, true)}`,
  );
  for (const r of results) {
    const m = Object.fromEntries(Object.entries(r.times).map(([k, xs]) => [k, median(xs)]));
    console.log(
      `  ${pad(r.size.toLocaleString("en-US"), 11)}${pad(fmtMs(m.node), w, true)}${pad(fmtMs(m.quick), w + 1, true)}${pad(fmtMs(m.full), w, true)}` +
        `${pad(fmtMs(median(r.bash.total)), w, true)}${pad(`${r.gitCounts.quick.count} / ${r.gitCounts.full.count}`, 15, true)}`,
    );
  }
  const counts = new Set(results.map((r) => `${r.gitCounts.quick.count}/${r.gitCounts.full.count}`));
  if (results.length > 1)
    console.log(
      counts.size === 1
        ? "  git processes per run are the same at every size."
        : "  NOTE: git processes per run change with size (expected constant).",
    );
  console.log("  medians in ms; a = nothing relevant staged, b = full check. Targets missed are marked MISS; the exit code stays 0.");
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
  printSummary(results);
} finally {
  cleanup();
}
// A missed target is a finding, not a failure; mighook failing to run is.
process.exitCode = broken ? 1 : 0;
