// The entry to --apply from `check`: which sets to apply, the setup SQL from
// the judged source, and the cache folder under the git directory.
import { isAbsolute, join } from "node:path";
import { MighookError } from "../errors.js";
import { git } from "../git/run.js";
import type { Model } from "../model/model.js";
import { decodeText } from "../model/text.js";
import type { Finding } from "../rules/types.js";
import { isBeingChanged } from "../source/changes.js";
import type { Source } from "../source/types.js";
import type { ApplyOrder } from "./order.js";
import { applySets } from "./run.js";

export interface ApplyRequest {
  source: Source;
  model: Model;
  order: ApplyOrder;
  databaseUrl?: string;
  /** --apply was given: every set is applied, even with no migration changed */
  explicit: boolean;
}

export async function applyFindings({ source, model, order, databaseUrl, explicit }: ApplyRequest): Promise<Finding[]> {
  const setupPath = model.config.apply?.setup ?? null;
  const setupChanged = setupPath !== null && isBeingChanged(model.changes, setupPath);
  // The hook applies only what a change to the SQL concerns: a commit that
  // touches no .sql migration (nor the setup) does not start PostgreSQL.
  const sql = (set: Model["sets"][number]) => set.migrations.filter((m) => m.file.endsWith(".sql"));
  const sets = model.sets.filter((set) => sql(set).length && (explicit || setupChanged || sql(set).some((m) => isBeingChanged(model.changes, m.path))));
  if (!sets.length) return [];
  let setup: { path: string; text: string } | null = null;
  if (setupPath !== null) {
    const bytes = (await source.readFiles([setupPath])).get(setupPath);
    if (!bytes)
      throw new MighookError(
        `${model.config.source ?? "config"}: apply.setup: "${setupPath}" is not in ${source.label}`,
        "Add the file (and stage it), or fix the path: it is relative to the repository root.",
      );
    setup = { path: setupPath, text: decodeText(bytes) };
  }
  return applySets(sets, model.snapshot, model.changes, { order, databaseUrl, setup, cacheDir: databaseUrl ? null : await cacheDir(source.root) });
}

/** <git-common-dir>/mighook/apply: shared by worktrees, never committed. */
async function cacheDir(root: string): Promise<string | null> {
  const result = await git(["rev-parse", "--git-common-dir"], { cwd: root, okCodes: [128] });
  const dir = result.stdout.toString("utf8").trim();
  if (result.code !== 0 || !dir) return null;
  return join(isAbsolute(dir) ? dir : join(root, dir), "mighook", "apply");
}
