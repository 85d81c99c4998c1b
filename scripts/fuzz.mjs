// `npm run fuzz`: the property tests, run longer than `npm test` runs them.
//   node scripts/fuzz.mjs [runs]     (default 5000; also MIGHOOK_FUZZ_RUNS)
// Each property test reads MIGHOOK_FUZZ_RUNS for its number of runs; the
// seeds stay fixed, so a failure prints a counterexample that replays.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";

const runs = process.argv[2] ?? process.env.MIGHOOK_FUZZ_RUNS ?? "5000";
if (!/^[1-9]\d*$/.test(runs)) {
  process.stderr.write(`fuzz: runs must be a positive integer (got "${runs}")\n`);
  process.exit(2);
}
const files = readdirSync("test")
  .filter((f) => f.endsWith("-property.test.ts"))
  .map((f) => `test/${f}`);
const result = spawnSync("npx", ["vitest", "run", ...files], {
  stdio: "inherit",
  env: { ...process.env, MIGHOOK_FUZZ_RUNS: runs, MIGHOOK_PROPERTY_RUNS: process.env.MIGHOOK_PROPERTY_RUNS ?? runs },
});
process.exit(result.status ?? 1);
