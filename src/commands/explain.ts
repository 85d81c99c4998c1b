import { readdirSync, readFileSync } from "node:fs";
import { usageError } from "../errors.js";
import { rulePagePath, rulesDocsFolder } from "../docs/rule-docs.js";
import { closest } from "../did-you-mean.js";
import { parseCommandArgs } from "./args.js";

export const usage = "mighook explain <rule>";

/** Prints a rule's page from the installed package: what it catches, why, examples, how to fix, when to skip. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {}, usage);
  const known = readdirSync(rulesDocsFolder())
    .filter((file) => file.endsWith(".md") && file !== "README.md")
    .map((file) => file.slice(0, -".md".length))
    .sort();
  if (values.help || positionals.length === 0) {
    process.stdout.write(`Usage: ${usage}\n\nRules:\n${known.map((rule) => `  ${rule}`).join("\n")}\n`);
    return values.help ? 0 : 2;
  }
  if (positionals.length > 1) throw usageError(`explain takes one rule (got ${positionals.length})`, `Usage: ${usage}`);
  const rule = positionals[0]!;
  if (!known.includes(rule)) {
    const guess = closest(rule, known);
    throw usageError(`no rule named "${rule}"`, guess ? `Did you mean \`mighook explain ${guess}\`? \`mighook explain\` lists every rule.` : "`mighook explain` lists every rule.");
  }
  process.stdout.write(readFileSync(rulePagePath(rule), "utf8"));
  return 0;
}
