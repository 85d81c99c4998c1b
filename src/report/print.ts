import { renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { MighookError } from "../errors.js";
import { tempTag } from "../processes.js";
import type { Finding } from "../rules/types.js";
import { useColor } from "./color.js";
import type { Format, ReportOutput } from "./formats.js";
import { formatHuman } from "./human.js";
import { formatGithub, formatGitlab, formatJson, isOk } from "./machine.js";
import { formatSarif } from "./sarif.js";

/**
 * Writes the report and returns the exit code: 0 clean, 1 with an error-severity finding.
 * With --output-file the report goes to that file, and a person still sees
 * the findings on stdout (unless the file holds exactly that, or --quiet says
 * clean runs and warnings stay silent). A machine format on stdout is always
 * whole: --quiet never trims what a program reads.
 */
export function report(
  findings: Finding[],
  format: Format,
  label: string,
  footer?: string,
  output: ReportOutput = {},
  docs?: ReadonlyMap<string, string>,
): number {
  const human = (color: boolean) => {
    const shown = output.quiet ? findings.filter((f) => f.severity === "error") : findings;
    return output.quiet && shown.length === 0 ? "" : formatHuman(shown, { color, label, footer });
  };
  const text =
    format === "json"
      ? formatJson(findings)
      : format === "github"
        ? formatGithub(findings)
        : format === "gitlab"
          ? formatGitlab(findings)
          : format === "sarif"
            ? formatSarif(findings, docs)
            : null;
  if (output.file) {
    writeReportFile(output.file, text ?? formatHuman(findings, { color: false, label, footer }));
    if (text !== null) process.stdout.write(human(useColor(process.stdout)));
  } else process.stdout.write(text ?? human(useColor(process.stdout)));
  return isOk(findings) ? 0 : 1;
}

/** The report file, whole or not at all: a temporary sibling, then a rename. */
export function writeReportFile(file: string, text: string): void {
  const target = resolve(file);
  const temp = join(dirname(target), `.${basename(target)}.mighook-${tempTag()}`);
  try {
    writeFileSync(temp, text);
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new MighookError(`--output-file ${file}: could not write it (${code})`, "Give a path in a folder that exists and that you may write to.");
  }
}
