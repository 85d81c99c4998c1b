import { hashHex } from "../lazy-builtins.js";
import { ruleDocsUrl } from "../docs/rule-docs.js";
import type { Finding } from "../rules/types.js";
import { encodePath, isUtf8Path, quotePath } from "../path-bytes.js";

// Machine-readable reports. The JSON shape is a stable interface (README):
// {"ok": boolean, "findings": Finding[]}, each finding with its rule page
// ("docs", a link into the installed package that opens offline).
export const isOk = (findings: Finding[]) => !findings.some((f) => f.severity === "error");

export function formatJson(findings: Finding[]): string {
  return `${JSON.stringify({ ok: isOk(findings), findings: findings.map((f) => ({ ...jsonFinding(f), docs: ruleDocsUrl(f.rule) })) }, null, 2)}
`;
}

/**
 * A path that is not UTF-8 cannot be a JSON string as it is: "file" holds it
 * as git quotes it ("migrations/004_caf\351.sql", quotes included, as
 * `git status` prints it) and "fileBytes" its exact bytes, in base64.
 */
export const jsonFinding = (f: Finding) => (isUtf8Path(f.file) ? f : { ...f, file: quotePath(f.file), fileBytes: encodePath(f.file).toString("base64") });

const escapeData = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

/** GitHub Actions workflow commands: one annotation per finding, on the file and line. */
export function formatGithub(findings: Finding[]): string {
  return findings
    .map((f) => {
      // A whole-file finding still needs a line for the annotation to show on the diff.
      const properties = [`file=${escapeProperty(isUtf8Path(f.file) ? f.file : quotePath(f.file))}`, `line=${f.line ?? 1}`, `title=${escapeProperty(`mighook ${f.rule}`)}`];
      return `::${f.severity} ${properties.join(",")}::${escapeData(`${f.message}\n${f.hint}`)}\n`;
    })
    .join("");
}

/**
 * GitLab Code Quality report (a JSON array of issues). The fingerprint leaves
 * line numbers out (the finding's, and any its message cites: "first on line
 * 12"), so that a finding stays the same issue when lines above it move;
 * findings alike in all else are told apart by their order.
 */
export function formatGitlab(findings: Finding[]): string {
  const seen = new Map<string, number>();
  const issues = findings.map((f) => {
    const key = `${f.rule}\0${f.file}\0${f.message.replace(/\b(lines?) \d+(?:(?:,| and|, and) \d+)*/g, "$1 N")}`;
    const nth = seen.get(key) ?? 0;
    seen.set(key, nth + 1);
    return { f, fingerprint: hashHex("sha256", nth ? `${key}\0${nth}` : key) };
  }).map(({ f, fingerprint }) => ({
    description: `${f.message}. ${f.hint}`,
    check_name: f.rule,
    fingerprint,
    severity: f.severity === "error" ? "major" : "minor",
    location: { path: isUtf8Path(f.file) ? f.file : quotePath(f.file), lines: { begin: f.line ?? 1 } },
  }));
  return `${JSON.stringify(issues, null, 2)}\n`;
}

/**
 * What a machine format prints when mighook stops with exit 2 (a broken
 * config, git trouble), besides the message on stderr: for json
 * {"ok": false, "error": {"message", "hint", "exitCode"}}, an annotation on the
 * pull request, or an empty but valid Code Quality report for GitLab to read.
 */
export function formatFailure(format: string | undefined, message: string, hint: string | undefined): string {
  if (format === "github") return `::error title=${escapeProperty("mighook")}::${escapeData(hint ? `${message}\n${hint}` : message)}\n`;
  if (format === "gitlab") return "[]\n";
  if (format === "json") return `${JSON.stringify({ ok: false, error: { message, ...(hint ? { hint } : {}), exitCode: 2 } }, null, 2)}\n`;
  return "";
}
