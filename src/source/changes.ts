import { MighookError } from "../errors.js";
import type { Changes } from "./types.js";

// Questions about "being committed", kept apart from the model so that the
// hook's fast path can ask them without loading the parsers and rules.
export function touchesAny(changes: Changes, paths: string[]): boolean {
  for (const changed of changes.keys()) if (isUnderAny(changed, paths)) return true;
  return false;
}

/** The path is one of `paths`, or inside one of them. */
export const isUnderAny = (path: string, paths: string[]): boolean => paths.some((p) => path === p || path.startsWith(`${p}/`));

/** A conflicted merge's paths: there is no one version of them to judge. */
export const unmergedError = (paths: string[]) =>
  new MighookError(`unmerged paths in the index: ${paths.join(", ")}`, "Resolve the conflicts and `git add` the results, then run this again.");

/**
 * Whether a change could concern mighook at all, judged from the paths alone,
 * before any config or blob is read: migrations are .sql and .go files, suite
 * lists live in Go files, and the config is one of `configFiles`.
 */
export function mayConcernMigrations(changes: Changes, configFiles: readonly string[]): boolean {
  for (const changed of changes.keys()) if (isSqlOrGo(changed) || configFiles.includes(changed)) return true;
  return false;
}

/** Migrations are .sql and .go files; suites are .go files. Anything else is neither. */
export const isSqlOrGo = (path: string): boolean => /\.(?:sql|go)$/i.test(path);

export function isBeingChanged(changes: Changes, path: string): boolean {
  const kind = changes.get(path);
  return kind === "added" || kind === "modified";
}
