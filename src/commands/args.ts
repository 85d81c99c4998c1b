import { parseArgs, type ParseArgsConfig } from "node:util";
import { usageError } from "../errors.js";
import { didYouMean } from "../suggest.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * util.parseArgs with mighook's manners: a wrong flag is a usage error (exit 2)
 * that shows the command's usage, and file names after the flags are accepted
 * (hook managers such as lint-staged append the staged files).
 */
export function parseCommandArgs<O extends Options>(args: string[], options: O, usage: string) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...options, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, "");
    const unknown = /^Unknown option '(-[^']*)'/.exec(message)?.[1];
    if (unknown) {
      const known = ["help", ...Object.keys(options)].map((name) => `--${name}`);
      const guess = didYouMean(unknown.replace(/=.*$/, ""), known);
      throw usageError(`unknown option ${unknown}${guess ? ` (did you mean ${guess}?)` : ""}`, `Usage: ${usage}`);
    }
    throw usageError(message, `Usage: ${usage}`);
  }
  // `--base "$UNSET"` must not quietly judge without a base.
  for (const [name, value] of Object.entries(parsed.values))
    if (value === "") throw usageError(`--${name} needs a value (got an empty one)`, `Usage: ${usage}`);
  return parsed;
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string, fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw usageError(`${flag} must be one of ${allowed.join(", ")} (got "${value}")`);
}
