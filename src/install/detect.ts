import { existsSync } from "node:fs";
import { join } from "node:path";
import { huskyDir, type Layout } from "./layout.js";
import { LEFTHOOK_FILES } from "./lefthook.js";
import { packageInfo } from "./package.js";
import { PRE_COMMIT_FILE } from "./precommit.js";

// mighook joins whatever already runs the repository's hooks rather than
// competing with it. husky is judged by what git actually runs
// (core.hooksPath); lefthook and pre-commit by their config files, since
// their installers own .git/hooks and mighook must not fight them.
export type Manager =
  | { kind: "husky"; dir: string; active: boolean }
  | { kind: "lefthook"; file: string }
  | { kind: "pre-commit"; file: string }
  | { kind: "native" };

export function detectManager(layout: Layout): Manager {
  const husky = huskyDir(layout);
  if (husky) return { kind: "husky", dir: husky, active: layout.hooksPath !== null };
  // lefthook installs into core.hooksPath when it is set; the pre-commit
  // framework refuses to, so with core.hooksPath its config runs nothing.
  const lefthook = LEFTHOOK_FILES.find((file) => existsSync(join(layout.root, file)));
  if (lefthook) return { kind: "lefthook", file: join(layout.root, lefthook) };
  if (layout.hooksPath === null && existsSync(join(layout.root, PRE_COMMIT_FILE)))
    return { kind: "pre-commit", file: join(layout.root, PRE_COMMIT_FILE) };
  return { kind: "native" };
}

/**
 * How a manager's config should call mighook: through node_modules when the
 * project depends on it (lefthook does not put node_modules/.bin on PATH),
 * else by name, for a global install.
 */
export async function mighookCommand(root: string): Promise<string> {
  return (await packageInfo(root)).mighook !== null ? "node_modules/.bin/mighook check --staged" : "mighook check --staged";
}
