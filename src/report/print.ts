import type { Finding } from "../rules/types.js";
import { useColor } from "./color.js";
import { formatHuman } from "./human.js";
import { formatGithub, formatGitlab, formatJson, isOk } from "./machine.js";

import type { Format } from "./formats.js";

/** Writes the report and returns the exit code: 0 clean, 1 with an error-severity finding. */
export function report(findings: Finding[], format: Format, label: string, footer?: string): number {
  const text =
    format === "json"
      ? formatJson(findings)
      : format === "github"
        ? formatGithub(findings)
        : format === "gitlab"
          ? formatGitlab(findings)
          : formatHuman(findings, { color: useColor(process.stdout), label, footer });
  process.stdout.write(text);
  return isOk(findings) ? 0 : 1;
}
