import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { run } from "./helpers/repo.js";

// The package's "prepare" as npm runs it in a git checkout installed as a
// dependency (npm install github:…, pre-commit's repo: route): the checkout
// has no dist/, so prepare builds it, with no dev-only tool required beyond
// the build's own (husky runs only where it is installed, in a git clone).
const PROJECT = resolve(import.meta.dirname, "..");
const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The checkout's files as git has them: sources and scripts, no dist/, no .git, no node_modules. */
function checkout(): string {
  const dir = mkdtempSync(join(tmpdir(), "mighook-checkout-"));
  scratch.push(dir);
  for (const part of ["package.json", "scripts", "src", "hooks", "tsconfig.json"]) cpSync(join(PROJECT, part), join(dir, part), { recursive: true });
  return dir;
}
const prepare = (cwd: string) => run(process.execPath, ["scripts/prepare.mjs"], { cwd, env: { ...process.env, npm_lifecycle_event: "prepare" } });

describe('the package\'s "prepare"', () => {
  it("builds the CLI in a checkout that has no dist/, and skips husky where it is not a git clone", { timeout: 60_000 }, () => {
    const dir = checkout();
    symlinkSync(join(PROJECT, "node_modules"), join(dir, "node_modules"));
    const result = prepare(dir);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(existsSync(join(dir, "dist/cli.js"))).toBe(true);
    const version = run(process.execPath, [join(dir, "dist/cli.js"), "--version"], { cwd: dir });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(existsSync(join(dir, ".git"))).toBe(false);
  });

  it("with dist/ already there and no dev dependencies at all, does nothing and succeeds", () => {
    const dir = checkout();
    cpSync(join(PROJECT, "dist"), join(dir, "dist"), { recursive: true });
    const result = prepare(dir);
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });

  it("without dist/ and without esbuild, says why it can't build (exit 1)", () => {
    const dir = checkout();
    const result = prepare(dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("dist/ is missing and esbuild is not installed");
  });
});
