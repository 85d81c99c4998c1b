// Suppression: a migration silences a rule for itself with a reason,
//   -- mighook:ignore down-incomplete: ALTER TYPE … ADD VALUE can't be undone
// The comment covers the whole file it is in, wherever it stands (a finding
// about a file is often not about one statement: a missing Down, a failed
// apply). It silences findings located in that file only, and only with a
// reason: an ignore without one silences nothing and is a finding itself.
// Only migrations the change adds or modifies are read, so only their
// comments count (the others' findings are not this commit's either).
import type { Model } from "../model/model.js";
import { error, type Finding } from "./types.js";

export const IGNORE_RULE = "ignore-comment";

export interface IgnoreComment {
  line: number;
  /** The rule ids it names. */
  rules: string[];
  /** The reason after the ':', or "" when none was given. */
  reason: string;
}

// `--` comments only (a migration is SQL); "mighook:ignore" right after the dashes.
const IGNORE = /^\s*--\s*mighook:ignore\b(.*)$/;
const RULE_LIST = /^\s*([a-z0-9][a-z0-9-]*(?:\s*,\s*[a-z0-9][a-z0-9-]*)*)\s*(?::(.*))?$/;

/** The mighook:ignore comments of a file, in order; `rules` is empty when none is named legibly. */
export function ignoreComments(text: string): IgnoreComment[] {
  if (!text.includes("mighook:ignore")) return [];
  const found: IgnoreComment[] = [];
  text.split("\n").forEach((line, i) => {
    const m = IGNORE.exec(line);
    if (!m) return;
    const parts = RULE_LIST.exec(m[1]!);
    found.push({
      line: i + 1,
      rules: parts ? parts[1]!.split(",").map((id) => id.trim()) : [],
      reason: (parts?.[2] ?? "").trim(),
    });
  });
  return found;
}

/**
 * Ids of findings made outside the Rule list in rules/index.ts (such as the
 * ones running migrations makes): register them here so that an ignore
 * comment naming them is accepted.
 */
export const otherRuleIds = new Set<string>();

/** The findings that no reasoned ignore comment in their own file covers. Run after every rule. */
export function applyIgnores(model: Model, findings: Finding[]): Finding[] {
  const silenced = new Map<string, Set<string>>();
  for (const set of model.sets)
    for (const [file, text] of set.sources)
      for (const comment of ignoreComments(text))
        if (comment.reason !== "" && comment.rules.length > 0) {
          const rules = silenced.get(file) ?? new Set();
          for (const id of comment.rules) rules.add(id);
          silenced.set(file, rules);
        }
  if (silenced.size === 0) return findings;
  return findings.filter((f) => f.rule === IGNORE_RULE || !silenced.get(f.file)?.has(f.rule));
}

/** The ignore comments that silence nothing, as findings; `known` holds every rule id. */
export function malformedIgnores(file: string, text: string, known: Set<string>): Finding[] {
  return ignoreComments(text).flatMap((comment) => {
    const bad = malformed(comment, known);
    return bad ? [error(IGNORE_RULE, file, comment.line, bad.message, bad.hint)] : [];
  });
}

function malformed(comment: IgnoreComment, known: Set<string>): { message: string; hint: string } | null {
  const example = "-- mighook:ignore <rule>: <why this file is right as it is>";
  if (comment.rules.length === 0)
    return { message: "a mighook:ignore comment that names no rule silences nothing", hint: `Write it as ${example}, e.g. -- mighook:ignore sql-syntax: uses an extension's operator.` };
  const unknown = comment.rules.filter((id) => !known.has(id));
  if (unknown.length > 0)
    return {
      message: `mighook:ignore names ${unknown.map((id) => `"${id}"`).join(", ")}, which ${unknown.length === 1 ? "is not a rule" : "are not rules"}`,
      hint: "Use the rule id the finding you mean to silence shows (`mighook explain` lists them).",
    };
  if (comment.reason === "")
    return {
      message: `mighook:ignore ${comment.rules.join(", ")} without a reason silences nothing`,
      hint: `Say why after a colon, for the reviewer and the next reader: ${example}.`,
    };
  return null;
}
