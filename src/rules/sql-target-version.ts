import { lineAt } from "../model/text.js";
import { GRAMMAR_VERSION } from "../sql/analyze.js";
import { error, type Finding, type Rule } from "./types.js";

export const sqlTargetVersion: Rule = {
  id: "sql-target-version",
  doc: 'With "postgres" below 18: well-known syntax newer than that version (error), and one warning that the rest is parsed with PostgreSQL 18\'s grammar.',
  check({ model, set }) {
    const target = set.set.postgres;
    if (target === undefined || target >= GRAMMAR_VERSION || set.sql.size === 0) return [];
    const findings: Finding[] = [...set.sql].flatMap(([file, analysis]) =>
      analysis.newer.map((n) =>
        error(
          "sql-target-version",
          file,
          n.line,
          `${n.what} needs PostgreSQL ${n.since}, and this set runs on PostgreSQL ${target} ("postgres": ${target})`,
          `Write it the PostgreSQL ${target} way, or raise "postgres" for the set "${set.set.name}" if the database is newer.`,
        ),
      ),
    );
    // The grammar is 18's: it cannot tell what an older PostgreSQL lacks
    // beyond the constructs looked for above. Said once, on the setting.
    const { source, text } = model.config;
    const at = text ? settingOffset(text, set.set.dir) : -1;
    findings.push(
      error(
        "sql-target-version",
        source ?? "mighook.config.json",
        text && at >= 0 ? lineAt(text, at) : null,
        `The migrations of "${set.set.name}" are parsed with PostgreSQL ${GRAMMAR_VERSION}'s grammar: syntax added after PostgreSQL ${target} passes, beyond the well-known additions mighook looks for`,
        `Run the migrations against PostgreSQL ${target} in CI to catch the rest; see docs/sql.md for the syntax mighook knows.`,
        "warning",
      ),
    );
    return findings;
  },
};

/** Where the set's "postgres" key is written: the first one after the set's "dir". */
function settingOffset(text: string, dir: string): number {
  const from = Math.max(0, text.search(new RegExp(`"dir"\\s*:\\s*"(?:\\./)?${dir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/?"`)));
  const rest = text.slice(from).search(/"postgres"\s*:/);
  return rest === -1 ? -1 : from + rest;
}
