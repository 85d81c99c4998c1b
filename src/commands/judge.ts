import { resolveConfig, type FoundConfig } from "../config/load.js";
import type { ApplyOrder } from "../apply/order.js";
import type { ExplicitBase } from "../model/base.js";
import { buildCheckedModel } from "../model/model.js";
import type { Format, ReportOutput } from "../report/formats.js";
import { report } from "../report/print.js";
import { rules, runRules } from "../rules/index.js";
import type { ChangedGoFile } from "../source/changed-go.js";
import { phase } from "../profile.js";
import { APPLY_RULE_DOCS, APPLY_RULE_IDS } from "../apply/findings.js";
import { applyIgnores, otherRuleIds } from "../rules/ignore.js";
import type { Changes, Source } from "../source/types.js";

// The full check, loaded only when the change is relevant: config validation,
// the model, the rules and the report.
export interface JudgeRequest {
  source: Source;
  format: Format;
  found: FoundConfig | null;
  changes: Changes;
  explicit?: ExplicitBase;
  commit?: string;
  /** changed Go files that may hold lists (see changed-go.ts), read once by the caller */
  changedGo: ChangedGoFile[];
  output?: ReportOutput;
  apply?: ApplyFlags;
}

/** check's --apply, --apply-order and --database-url. */
export interface ApplyFlags {
  explicit: boolean;
  order: ApplyOrder;
  databaseUrl?: string;
}

export async function judge({ source, format, found, changes, explicit, commit, changedGo, output, apply }: JudgeRequest): Promise<number> {
  // The launcher's code cache should hold the full check's functions (src/launch.ts).
  (globalThis as Record<symbol, unknown>)[Symbol.for("mighook.judged")] = true;
  const config = await resolveConfig(found);
  phase("config (validate)");
  const model = await buildCheckedModel(source, config, changes, explicit, commit, changedGo);
  phase("parse (model)");
  // Ignore comments may name the findings applying makes.
  for (const id of APPLY_RULE_IDS) otherRuleIds.add(id);
  const findings = runRules(model);
  phase("rules");
  const footer = source.kind === "index" ? "Fix the above and stage the result; to commit anyway, once: git commit --no-verify" : undefined;
  // The config's "apply" is the hook's: --tree and CI runs apply when asked to.
  if (apply?.explicit || (config.apply?.enabled && source.kind === "index")) {
    const { applyFindings } = await import("../apply/index.js");
    const applied = await applyFindings({ source, model, order: apply?.order ?? "suite", databaseUrl: apply?.databaseUrl, explicit: apply?.explicit ?? false });
    findings.push(...applyIgnores(model, applied));
    findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)));
    phase("apply");
  }
  const code = report(findings, format, model.label, footer, output, new Map([...rules.map((rule) => [rule.id, rule.doc] as const), ...APPLY_RULE_DOCS]));
  phase("report");
  return code;
}
