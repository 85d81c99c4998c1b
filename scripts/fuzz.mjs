// `npm run fuzz`: the property tests, run longer than `npm test` runs them.
// Every *-property.test.ts file, and every test file that reads
// MIGHOOK_FUZZ_RUNS, takes part; each property runs that many cases (also
// MIGHOOK_PROPERTY_RUNS, for tests that read that). Tests that read
// MIGHOOK_FUZZ_SEED start from that seed: random unless given, and printed,
// so a failure replays exactly; the others keep their fixed seeds.
// The edit commands' random-time kills (test/interrupt.test.ts, which reads
// MIGHOOK_FUZZ_KILLS) run too, MIGHOOK_FUZZ_KILLS kills per command (default
// 50: each is a real process, a repository and a rerun, about 2 s).
//
//   node scripts/fuzz.mjs [runs] [--runs N] [--seed S] [--files a.test.ts,...]
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const HELP = `Usage: node scripts/fuzz.mjs [runs] [--runs N] [--seed S] [--files LIST]   (npm run fuzz)

  runs, --runs N   cases per property (default: MIGHOOK_FUZZ_RUNS, else 5000)
  --seed S         fast-check seed for tests that read MIGHOOK_FUZZ_SEED (default: that variable, else random)
  --files LIST     comma-separated test files (default: *-property.test.ts and files that read MIGHOOK_FUZZ_RUNS or MIGHOOK_FUZZ_KILLS)
  MIGHOOK_FUZZ_KILLS=N   random-time kills per edit command (default 50)
`;

let parsed;
try {
  parsed = parseArgs({
    options: { runs: { type: "string" }, seed: { type: "string" }, files: { type: "string" }, help: { type: "boolean", short: "h", default: false } },
    allowPositionals: true,
    strict: true,
  });
} catch (error) {
  process.stderr.write(`fuzz: ${error.message}\n\n${HELP}`);
  process.exit(2);
}
if (parsed.values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const integer = (text, what, min) => {
  const n = Number(String(text).replace(/[_,]/g, ""));
  if (!Number.isSafeInteger(n) || n < min) {
    process.stderr.write(`fuzz: ${what} must be an integer of at least ${min} (got "${text}")\n`);
    process.exit(2);
  }
  return n;
};
if (parsed.positionals.length > 1) {
  process.stderr.write(`fuzz: one number of runs at most (got ${parsed.positionals.join(" ")})\n\n${HELP}`);
  process.exit(2);
}
const runs = integer(parsed.values.runs ?? parsed.positionals[0] ?? process.env.MIGHOOK_FUZZ_RUNS ?? "5000", "runs", 1);
const seed = integer(parsed.values.seed ?? process.env.MIGHOOK_FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31)), "--seed", 0);

const testDir = join(ROOT, "test");
const files = parsed.values.files
  ? parsed.values.files.split(",").filter(Boolean)
  : readdirSync(testDir)
      .filter((f) => f.endsWith("-property.test.ts") || (f.endsWith(".test.ts") && /MIGHOOK_FUZZ_(RUNS|KILLS)/.test(readFileSync(join(testDir, f), "utf8"))))
      .map((f) => `test/${f}`);
if (files.length === 0) {
  process.stderr.write("fuzz: no property test files found\n");
  process.exit(2);
}

console.log(`mighook fuzz: ${runs.toLocaleString("en-US")} cases per property, seed ${seed}\n  ${files.join("\n  ")}`);
const start = performance.now();
// No per-test timeout: a long run is the point. The build and the packed
// package come from vitest's global setup, as in `npm test`.
const result = spawnSync("npx", ["vitest", "run", "--testTimeout=0", "--hookTimeout=0", ...files], {
  cwd: ROOT,
  stdio: "inherit",
  env: {
    ...process.env,
    MIGHOOK_FUZZ_RUNS: String(runs),
    MIGHOOK_PROPERTY_RUNS: process.env.MIGHOOK_PROPERTY_RUNS ?? String(runs),
    MIGHOOK_FUZZ_SEED: String(seed),
    MIGHOOK_FUZZ_KILLS: process.env.MIGHOOK_FUZZ_KILLS ?? "50",
  },
});
const minutes = ((performance.now() - start) / 60000).toFixed(1);
console.log(
  result.status === 0
    ? `\nmighook fuzz: every property held, ${runs.toLocaleString("en-US")} cases each, seed ${seed}, ${minutes} min`
    : `\nmighook fuzz: a property failed (seed ${seed}; replay with --seed ${seed} --runs ${runs}), ${minutes} min`,
);
process.exit(result.status ?? 1);
