import type { Changes } from "./types.js";

// Questions about "being committed", kept apart from the model so that the
// hook's fast path can ask them without loading the parsers and rules.
export function touchesAny(changes: Changes, paths: string[]): boolean {
  for (const changed of changes.keys())
    if (paths.some((path) => changed === path || changed.startsWith(`${path}/`))) return true;
  return false;
}

/**
 * Whether a change could concern mighook at all, judged from the paths alone,
 * before any config or blob is read: migrations are .sql and .go files, suite
 * lists live in Go files, and the config is one of `configFiles`.
 */
export function mayConcernMigrations(changes: Changes, configFiles: readonly string[]): boolean {
  for (const changed of changes.keys()) if (/\.(?:sql|go)$/i.test(changed) || configFiles.includes(changed)) return true;
  return false;
}

export function isBeingChanged(changes: Changes, path: string): boolean {
  const kind = changes.get(path);
  return kind === "added" || kind === "modified";
}
