import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { MighookError } from "../errors.js";
import { previousTemplates } from "./previous-hooks.js";

// The hook git runs is mighook's hooks/pre-commit template, shipped in the
// package, with two lines filled in: where node and mighook were at install
// time. A marker line tells mighook's own hook from anyone else's.
export const HOOK_MARKER = "# mighook-hook";

/**
 * The hooks mighook installs: pre-commit, and pre-merge-commit, which git runs
 * instead for a merge that needs no conflict resolution (the incident's
 * "two branches each add a 022" arrives exactly that way).
 */
export const HOOK_NAMES = ["pre-commit", "pre-merge-commit"] as const;
export const chainedName = (hook: string) => `${hook}.mighook-chained`;
export const CHAINED_NAME = chainedName("pre-commit");

/**
 * Bears mighook's marker on any line: lines someone added above it must not
 * make mighook's hook look like a stranger's, which uninstall would leave
 * running while it reports success.
 */
export const isMighookHook = (text: string) => text.split("\n").some((line) => line.startsWith(HOOK_MARKER));

export { RUNS_CHECK as RUNS_MIGHOOK } from "./command.js";

// The recorded paths differ per machine and install; the rest must be one of
// mighook's templates to the byte, or a person edited it. A path line counts
// only as mighook writes it: one sh-quoted value and nothing else.
const normalize = (text: string) => text.replace(/\r\n/g, "\n").replace(/^MIGHOOK_(NODE|CLI)='(?:[^'\n]|'\\'')*'$/gm, "MIGHOOK_$1=''");

/**
 * Whose hook a file is: mighook's as this or an earlier version wrote it,
 * mighook's with someone's edits (which install and uninstall must not throw
 * away), or another's.
 */
export function hookOwner(text: string): "mighook" | "edited" | "foreign" {
  if (!isMighookHook(text)) return "foreign";
  const normalized = normalize(text);
  return [template(), ...previousTemplates(packageRoot())].some((known) => normalize(known) === normalized) ? "mighook" : "edited";
}

const template = () => readFileSync(join(packageRoot(), "hooks", "pre-commit"), "utf8").replace(/\r\n/g, "\n");

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
  return template()
    .replace(/^MIGHOOK_NODE=.*$/m, () => `MIGHOOK_NODE=${shQuote(paths.node)}`)
    .replace(/^MIGHOOK_CLI=.*$/m, () => `MIGHOOK_CLI=${shQuote(paths.cli)}`);
}

/** The node running mighook now, and this package's CLI, with symlinks resolved. */
export function recordedPaths(): { node: string; cli: string } {
  const cli = join(packageRoot(), "dist", "cli.js");
  return { node: process.execPath, cli: existsSync(cli) ? realpathSync(cli) : cli };
}
