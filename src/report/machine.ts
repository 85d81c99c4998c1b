import { createHash } from "node:crypto";
import type { Finding } from "../rules/types.js";

// Machine-readable reports. The JSON shape is a stable interface (README):
// {"ok": boolean, "findings": Finding[]}.
export const isOk = (findings: Finding[]) => !findings.some((f) => f.severity === "error");

export function formatJson(findings: Finding[]): string {
  return `${JSON.stringify({ ok: isOk(findings), findings }, null, 2)}\n`;
}

/** GitHub Actions workflow commands: one annotation per finding, on the file and line. */
export function formatGithub(findings: Finding[]): string {
  const escapeData = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const escapeProperty = (s: string) => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
  return findings
    .map((f) => {
      // A whole-file finding still needs a line for the annotation to show on the diff.
      const properties = [`file=${escapeProperty(f.file)}`, `line=${f.line ?? 1}`, `title=${escapeProperty(`mighook ${f.rule}`)}`];
      return `::${f.severity} ${properties.join(",")}::${escapeData(`${f.message}\n${f.hint}`)}\n`;
    })
    .join("");
}

/** GitLab Code Quality report (a JSON array of issues). */
export function formatGitlab(findings: Finding[]): string {
  const issues = findings.map((f) => ({
    description: `${f.message}. ${f.hint}`,
    check_name: f.rule,
    fingerprint: createHash("sha256").update(`${f.rule}\0${f.file}\0${f.line}\0${f.message}`).digest("hex"),
    severity: f.severity === "error" ? "major" : "minor",
    location: { path: f.file, lines: { begin: f.line ?? 1 } },
  }));
  return `${JSON.stringify(issues, null, 2)}\n`;
}
