import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";

// Every test runs mighook as a user gets it: `npm pack`, then `npm install` of
// the tarball into a scratch prefix. `npm pack` runs the real prepack (build,
// and the published manifest without the "prepare" script).
export default function setup(project: TestProject) {
  const root = resolve(import.meta.dirname, "../..");
  const scratch = mkdtempSync(join(tmpdir(), "mighook-pkg-"));
  execFileSync("npm", ["pack", "--pack-destination", scratch], { cwd: root, stdio: "pipe" });
  const tarball = readdirSync(scratch).find((f) => f.endsWith(".tgz"))!;
  const prefix = join(scratch, "install");
  execFileSync("npm", ["install", "--global", "--prefix", prefix, "--ignore-scripts", "--no-audit", "--no-fund", join(scratch, tarball)], {
    cwd: scratch,
    stdio: "pipe",
  });
  project.provide("mighookBin", join(prefix, "bin", "mighook"));
  project.provide("mighookBinDir", join(prefix, "bin"));
  project.provide("tarball", join(scratch, tarball));
  project.provide("pgliteSeed", pgliteSeed(scratch, join(prefix, "bin", "mighook")));
  return () => rmSync(scratch, { recursive: true, force: true });
}

/**
 * One initialised PGlite, as mighook caches it (initdb is most of a cold
 * --apply: seconds and hundreds of MB), made once by the packed mighook
 * itself in a scratch repository. Tests copy it into their repository's
 * cache so that each need not pay for initdb (test/helpers/apply.ts).
 */
function pgliteSeed(scratch: string, bin: string): string {
  const repo = join(scratch, "seed");
  mkdirSync(join(repo, "migrations"), { recursive: true });
  const env = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };
  execFileSync("git", ["init", "-q", "-b", "main"], { cwd: repo, env });
  writeFileSync(join(repo, "migrations", "001_seed.sql"), "-- +goose Up\nSELECT 1;\n-- +goose Down\nSELECT 1;\n");
  execFileSync("git", ["add", "-A"], { cwd: repo, env });
  // The first migration is new, so the entry cached is the state before it: initdb alone.
  execFileSync(bin, ["check", "--staged", "--apply"], { cwd: repo, env, stdio: "pipe" });
  return join(repo, ".git", "mighook", "apply");
}

declare module "vitest" {
  export interface ProvidedContext {
    mighookBin: string;
    mighookBinDir: string;
    tarball: string;
    pgliteSeed: string;
  }
}
