import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { MighookError } from "../errors.js";

// The hook git runs is mighook's hooks/pre-commit template, shipped in the
// package, with two lines filled in: where node and mighook were at install
// time. A marker line tells mighook's own hook from anyone else's.
export const HOOK_MARKER = "# mighook-hook";
export const CHAINED_NAME = "pre-commit.mighook-chained";

export const isMighookHook = (text: string) => text.split("\n", 3).some((line) => line.startsWith(HOOK_MARKER));

/** The installed package's root folder: the nearest ancestor holding hooks/pre-commit. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "hooks", "pre-commit")) && existsSync(join(dir, "package.json"))) return dir;
    const parent = dirname(dir);
    if (parent === dir)
      throw new MighookError("mighook's hook template (hooks/pre-commit) is missing from its package", "Reinstall mighook.");
    dir = parent;
  }
}

/** Quotes a value for sh: single quotes, with embedded ones spelled '\''. */
export const shQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/** The hook's text, with the install-time paths recorded in it. */
export function renderHook(paths: { node: string; cli: string } = recordedPaths()): string {
  const template = readFileSync(join(packageRoot(), "hooks", "pre-commit"), "utf8").replace(/\r\n/g, "\n");
  return template
    .replace(/^MIGHOOK_NODE=.*$/m, () => `MIGHOOK_NODE=${shQuote(paths.node)}`)
    .replace(/^MIGHOOK_CLI=.*$/m, () => `MIGHOOK_CLI=${shQuote(paths.cli)}`);
}

/** The node running mighook now, and this package's CLI, with symlinks resolved. */
export function recordedPaths(): { node: string; cli: string } {
  const cli = join(packageRoot(), "dist", "cli.js");
  return { node: process.execPath, cli: existsSync(cli) ? realpathSync(cli) : cli };
}
