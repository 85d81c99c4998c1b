// `npm run demo`: replays the incident in a scratch repository. Two people pick
// migration 021 on different days, and the second forgets the suite list.
// mighook blocks the commit that carries both mistakes, then lets the fix through.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { styleText } from "node:util";
import { incidentFiles, incidentListed, migrationSql, suiteGo, SUITE } from "./fixtures.mjs";

const cli = resolve(import.meta.dirname, "../dist/cli.js");
const repo = mkdtempSync(join(tmpdir(), "mighook-demo-"));
// Without the caller's GIT_* variables: run from a git hook, GIT_INDEX_FILE or
// GIT_DIR would point the scratch repository's git at the caller's repository.
const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("GIT_")));
const env = {
  ...inherited,
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_AUTHOR_NAME: "Demo",
  GIT_AUTHOR_EMAIL: "demo@example.com",
  GIT_COMMITTER_NAME: "Demo",
  GIT_COMMITTER_EMAIL: "demo@example.com",
  FORCE_COLOR: process.stdout.isTTY ? "1" : "0",
  PATH: `${resolve(import.meta.dirname, "../node_modules/.bin")}:${process.env.PATH}`,
};
const git = (...args) => execFileSync("git", args, { cwd: repo, env, encoding: "utf8" });
const write = (path, content) => {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), content);
};
const step = (text) => console.log(`\n${styleText("bold", `▶ ${text}`)}`);
const shell = (text) => console.log(styleText("dim", `$ ${text}`));
const mighook = (...args) => {
  shell(`mighook ${args.join(" ")}`);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: repo, env, stdio: "inherit" });
  console.log(styleText("dim", `(exit ${result.status})`));
  return result.status;
};
let failed = false;
const expect = (status, wanted, what) => {
  if (status !== wanted) {
    failed = true;
    console.log(styleText("red", `demo: expected exit ${wanted} ${what}, got ${status}`));
  }
};

const commit = (message) => {
  shell(`git commit -m "${message}"`);
  const result = spawnSync("git", ["commit", "-q", "-m", message], { cwd: repo, env, stdio: "inherit" });
  console.log(styleText("dim", `(exit ${result.status}${result.status ? ": the commit was blocked" : ": committed"})`));
  return result.status;
};

try {
  step("A Go service with goose migrations 001-021, a skipped 014, a 1000_ special, and a suite file with two hard-coded lists");
  git("init", "-q", "-b", "main");
  for (const [path, content] of Object.entries(incidentFiles())) write(path, content);
  git("add", "-A");
  git("commit", "-q", "-m", "baseline");
  console.log(`scratch repository: ${repo}`);
  expect(mighook("install"), 0, "installing the hook");

  step("Dec 15: a second migration numbered 021 is committed, and nobody adds it to the suite lists");
  write("migrations/021_add_status_reason_column.sql", migrationSql("add_status_reason_column"));
  shell("git add migrations/021_add_status_reason_column.sql");
  git("add", "-A");
  expect(commit("add status_reason column") === 0 ? 0 : 1, 1, "for the incident's commit");

  step("The fix, in one command: renumber the newcomer to the next free version; it is listed in both lists as it moves");
  expect(mighook("renumber", "migrations/021_add_status_reason_column.sql"), 0, "renumbering");
  expect(commit("add status_reason column") === 0 ? 0 : 1, 0, "after the fix");

  step("Next time, doing it right is one command: the next number, the goose template, every list, staged");
  expect(mighook("new", "create alerts table"), 0, "creating a migration");
  expect(commit("create alerts table") === 0 ? 0 : 1, 0, "for the new migration");

  step("The order the suites apply them (the incident report's 'auto-generated list', for any script)");
  expect(mighook("list"), 0, "listing");
  console.log(failed ? styleText("red", "\ndemo: something did not go as expected") : styleText("green", "\ndemo: both mistakes were blocked at git commit, and each fix took one command."));
} finally {
  rmSync(repo, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
