import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
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
  return () => rmSync(scratch, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    mighookBin: string;
    mighookBinDir: string;
    tarball: string;
  }
}
