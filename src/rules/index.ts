import type { Model } from "../model/model.js";
import { duplicateInSuite } from "./duplicate-in-suite.js";
import { duplicateVersion } from "./duplicate-version.js";
import { emptySet } from "./empty-set.js";
import { gooseAnnotation } from "./goose-annotation.js";
import { applyIgnores } from "./ignore.js";
import { ignoreComment } from "./ignore-comment.js";
import { invalidFilename } from "./invalid-filename.js";
import { migrationNotAFile } from "./migration-not-a-file.js";
import { missingFromSuite } from "./missing-from-suite.js";
import { modifiedApplied } from "./modified-applied.js";
import { notAfterBase } from "./not-after-base.js";
import { removedApplied } from "./removed-applied.js";
import { sqlNoTransaction } from "./sql-no-transaction.js";
import { sqlSplit } from "./sql-split.js";
import { sqlSyntax } from "./sql-syntax.js";
import { sqlTargetVersion } from "./sql-target-version.js";
import { staleSkip } from "./stale-skip.js";
import { suiteOrder } from "./suite-order.js";
import { suiteUnreadable } from "./suite-unreadable.js";
import type { Finding, Rule } from "./types.js";
import { unconfiguredList } from "./unconfigured-list.js";
import { unknownInSuite } from "./unknown-in-suite.js";

export const rules: Rule[] = [
  invalidFilename,
  migrationNotAFile,
  duplicateVersion,
  missingFromSuite,
  unknownInSuite,
  duplicateInSuite,
  suiteOrder,
  staleSkip,
  gooseAnnotation,
  suiteUnreadable,
  emptySet,
  notAfterBase,
  modifiedApplied,
  removedApplied,
  sqlSyntax,
  sqlSplit,
  sqlNoTransaction,
  sqlTargetVersion,
  ignoreComment,
  unconfiguredList,
];

/**
 * Runs every rule on every set, then drops what a migration's reasoned
 * mighook:ignore comment silences; findings sorted by file and line for stable output.
 */
export function runRules(model: Model): Finding[] {
  const findings = applyIgnores(
    model,
    rules.flatMap((rule) => model.sets.flatMap((set) => rule.check({ model, set }))),
  );
  return findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)));
}
