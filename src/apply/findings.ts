// The two findings applying produces. They come from running the SQL, not
// from the model, so they live beside the rules rather than among them; their
// pages are docs/rules/apply-failed.md and docs/rules/down-incomplete.md.
import { error, type Finding } from "../rules/types.js";

/** Their ids and one-line docs: for mighook:ignore comments to name (rules/ignore.ts otherRuleIds), and for reports that describe rules (SARIF). */
export const APPLY_RULE_DOCS: ReadonlyArray<readonly [string, string]> = [
  ["apply-failed", "A migration (or the apply setup SQL) fails when applied to an empty PostgreSQL in the set's order."],
  ["down-incomplete", "A new or changed migration's Down does not return the schema to what it was before its Up."],
];
export const APPLY_RULE_IDS = APPLY_RULE_DOCS.map(([id]) => id);

/** A migration (or the apply setup SQL) fails when applied in the set's order. */
export const applyFailed = (file: string, line: number | null, message: string, hint: string): Finding =>
  error("apply-failed", file, line, message, hint);

/** A new or changed migration's Down does not return the schema to what it was before its Up. */
export const downIncomplete = (file: string, line: number | null, message: string, hint: string): Finding =>
  error("down-incomplete", file, line, message, hint);
