import { nameNote, quotePath } from "../path-bytes.js";
import type { Finding } from "../rules/types.js";
import { painter } from "./color.js";

/**
 * Findings grouped per file: `path:line  rule  message`, then the hint, so a
 * terminal or editor can jump to each place and the fix is right below it.
 */
export function formatHuman(findings: Finding[], options: { color: boolean; label: string; footer?: string }): string {
  const paint = painter(options.color);
  if (findings.length === 0) return `${paint("green", "✔")} mighook: no problems in ${options.label}\n`;
  const lines: string[] = [];
  let file: string | null = null;
  for (const f of findings) {
    const path = shownPath(f.file);
    if (f.file !== file) {
      if (file !== null) lines.push("");
      // The heading names a look-alike spelling (NFD) as such; path:line stays a path.
      lines.push(paint("underline", path) + nameNote(f.file));
      file = f.file;
    }
    const where = f.line === null ? path : `${path}:${f.line}`;
    const mark = f.severity === "error" ? paint("red", "✖") : paint("yellow", "⚠");
    lines.push(`  ${mark} ${where}  ${paint("dim", f.rule)}  ${f.message}`);
    lines.push(`      ${paint("cyan", "→")} ${f.hint}`);
  }
  const errors = findings.filter((f) => f.severity === "error").length;
  const warnings = findings.length - errors;
  const counts = [errors && `${errors} error${errors === 1 ? "" : "s"}`, warnings && `${warnings} warning${warnings === 1 ? "" : "s"}`]
    .filter(Boolean)
    .join(", ");
  lines.push("", `${paint(errors ? "red" : "yellow", "mighook:")} ${counts} in ${options.label}.`);
  const rules = [...new Set(findings.map((f) => f.rule))];
  lines.push(paint("dim", `Why, and how to fix: mighook explain ${rules.join(" | ")}`));
  if (errors && options.footer) lines.push(paint("dim", options.footer));
  return `${lines.join("\n")}\n`;
}

/** A path with a newline, another control character or a byte that is not UTF-8, quoted and escaped as git shows it, so each finding stays on its line. */
export const shownPath = quotePath;
