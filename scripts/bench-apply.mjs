// `npm run bench`'s --apply part: `check --staged --apply` on the incident's
// repository (21 migrations, a skipped one, a special) with one new migration
// staged, warm (the cache holds the unchanged prefix) and cold (no cache, so
// PGlite's initdb and every migration), next to `node -e 0`.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { SUITE, incidentFiles, incidentListed, migrationSql, suiteGo } from "./fixtures.mjs";

export const APPLY_TARGET = 20;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

export function benchApply({ cli, scratch, env, runs }) {
  const root = join(scratch, "apply");
  const files = incidentFiles();
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  const git = (...args) => {
    const r = spawnSync("git", args, { cwd: root, env, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  };
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "commit", "-q", "--no-verify", "-m", "incident");
  const file = "022_add_status_reason_column.sql";
  writeFileSync(join(root, "migrations", file), migrationSql("add_status_reason_column"));
  const listed = incidentListed().filter((f) => !f.startsWith("1000_"));
  writeFileSync(join(root, SUITE), suiteGo([...listed, file, "1000_create_audit_events_partitions.sql"]));
  git("add", "-A");

  const cache = join(root, ".git", "mighook", "apply");
  const time = (cmd, args) => {
    const start = performance.now();
    const r = spawnSync(cmd, args, { cwd: root, env, encoding: "utf8" });
    const ms = performance.now() - start;
    if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}:\n${r.stdout}${r.stderr}`);
    return ms;
  };
  const apply = () => time(process.execPath, [cli, "check", "--staged", "--apply"]);
  const node = [];
  const warm = [];
  const cold = [];
  apply(); // fills the cache
  for (let i = 0; i < runs; i++) {
    node.push(time(process.execPath, ["-e", "0"]));
    warm.push(apply());
  }
  for (let i = 0; i < Math.max(1, Math.min(3, runs)); i++) {
    rmSync(cache, { recursive: true, force: true });
    cold.push(apply());
  }
  return { node: median(node), warm: median(warm), cold: median(cold), runs, coldRuns: cold.length, migrations: Object.keys(files).filter((p) => p.startsWith("migrations/")).length };
}

export function printApply(r) {
  const ratio = r.warm / r.node;
  console.log(`\n--apply (PGlite), the incident's ${r.migrations} migrations + 1 new one staged`);
  console.log(`  node -e 0                                   ${r.node.toFixed(1).padStart(9)} ms   (${r.runs} runs)`);
  console.log(`  check --staged --apply, warm cache          ${r.warm.toFixed(1).padStart(9)} ms   (${r.runs} runs)`);
  console.log(`  check --staged --apply, cold (no cache)     ${r.cold.toFixed(1).padStart(9)} ms   (${r.coldRuns} runs)`);
  console.log(`  warm / node -e 0                            ${ratio.toFixed(2).padStart(8)}×    target ≤ ${APPLY_TARGET}×  ${ratio <= APPLY_TARGET ? "PASS" : "MISS  <<<<<"}`);
  console.log(`  cold / node -e 0                            ${(r.cold / r.node).toFixed(2).padStart(8)}×    (reported, no target)`);
}
