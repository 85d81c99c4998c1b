import { resolveConfig, type FoundConfig } from "../config/load.js";
import type { Config, SetConfig } from "../config/types.js";
import { tryResolveCommit } from "../git/repo.js";
import { findMergeBase, loadBase, type BaseView } from "../model/base.js";
import { buildModel } from "../model/model.js";
import type { Format } from "../report/formats.js";
import { report } from "../report/print.js";
import { runRules } from "../rules/index.js";
import type { Changes, Source } from "../source/types.js";
import type { ExplicitBase } from "./check.js";

// The full check, loaded only when the change is relevant: config validation,
// the model, the rules and the report.
export interface JudgeRequest {
  source: Source;
  format: Format;
  found: FoundConfig | null;
  changes: Changes;
  explicit?: ExplicitBase;
  commit?: string;
}

export async function judge({ source, format, found, changes, explicit, commit }: JudgeRequest): Promise<number> {
  const config = await resolveConfig(found);
  const bases = await loadBases(source, config, explicit, commit);
  const model = await buildModel(source, config, changes, (set) => bases.get(explicit?.ref ?? set.baseRef ?? ""));
  const footer = source.kind === "index" ? "Fix the above and stage the result; to commit anyway, once: git commit --no-verify" : undefined;
  return report(runRules(model), format, model.label, footer);
}

/**
 * The base views the sets need. An explicit --base applies to every set and
 * its findings block. A `baseRef` from the config is used only where the ref
 * exists locally (the hook never fetches) and its findings warn.
 */
async function loadBases(source: Source, config: Config, explicit: ExplicitBase | undefined, commit: string | undefined) {
  const bases = new Map<string, BaseView>();
  const dirs = (sets: SetConfig[]) => sets.map((set) => set.dir);
  if (explicit) {
    bases.set(explicit.ref, await loadBase(source.root, { ...explicit, severity: "error" }, explicit.mergeBase, dirs(config.sets)));
    return bases;
  }
  if (source.kind === "worktree") return bases;
  const refs = new Set(config.sets.flatMap((set) => (set.baseRef ? [set.baseRef] : [])));
  if (refs.size === 0) return bases;
  const head = commit ?? (await tryResolveCommit(source.root, "HEAD"));
  for (const ref of refs) {
    const baseCommit = await tryResolveCommit(source.root, ref);
    if (!head || !baseCommit) continue;
    const mergeBase = await findMergeBase(source.root, ref, baseCommit, head).catch(() => null);
    if (!mergeBase) continue;
    const sets = config.sets.filter((set) => set.baseRef === ref);
    bases.set(ref, await loadBase(source.root, { ref, commit: baseCommit, head, severity: "warning" }, mergeBase, dirs(sets)));
  }
  return bases;
}

