import { resolveConfig, type FoundConfig } from "../config/load.js";
import type { ExplicitBase } from "../model/base.js";
import { buildCheckedModel } from "../model/model.js";
import type { Format, ReportOutput } from "../report/formats.js";
import { report } from "../report/print.js";
import { rules, runRules } from "../rules/index.js";
import type { ChangedGoFile } from "../source/changed-go.js";
import { phase } from "../profile.js";
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
}

export async function judge({ source, format, found, changes, explicit, commit, changedGo, output }: JudgeRequest): Promise<number> {
  const config = await resolveConfig(found);
  phase("config (validate)");
  const model = await buildCheckedModel(source, config, changes, explicit, commit, changedGo);
  phase("parse (model)");
  const findings = runRules(model);
  phase("rules");
  const footer = source.kind === "index" ? "Fix the above and stage the result; to commit anyway, once: git commit --no-verify" : undefined;
  const code = report(findings, format, model.label, footer, output, new Map(rules.map((rule) => [rule.id, rule.doc])));
  phase("report");
  return code;
}
