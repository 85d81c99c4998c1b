import { formatKeyPath } from "../config/load.js";
import { CONFIG_FILE } from "../config/types.js";
import type { Model, SetModel, SuiteModel } from "../model/model.js";
import { lineAt } from "../model/text.js";
import { shellQuote } from "./lists.js";
import { error, type Finding, type Rule } from "./types.js";

export const suiteUnreadable: Rule = {
  id: "suite-unreadable",
  doc: "A configured suite file that is missing, holds no list of the configured name, or is not valid Go.",
  check({ set, model }) {
    const findings: Finding[] = [];
    for (const suite of set.suites) {
      const configKey = `the suite "${suite.file}" (list "${suite.listName}") of set "${set.set.name}"`;
      if (suite.link)
        findings.push(
          error(
            "suite-unreadable",
            suite.file,
            null,
            `the suite file is a symbolic link in ${model.label}; mighook reads lists from the files git stores, not through links`,
            `Point ${configKey} in the config at the file it links to.`,
          ),
        );
      else if (suite.parse === null && model.changes.get(suite.file) === "deleted") findings.push(deletedSuite(model, set, suite));
      else if (suite.parse === null)
        findings.push(
          error("suite-unreadable", suite.file, null, `suite file not found in ${model.label}`, `Create and stage it, or correct ${configKey} in the config.`),
        );
      else if (!suite.parse.ok)
        findings.push(
          error(
            "suite-unreadable",
            suite.file,
            suite.parse.error.line,
            `cannot read the Go source: ${suite.parse.error.message}`,
            suite.parse.error.hint ?? "Fix the Go syntax here; mighook reads the list with a Go tokenizer.",
          ),
        );
      else {
        if (suite.parse.lists.length === 0)
          findings.push(
            error(
              "suite-unreadable",
              suite.file,
              null,
              `no \`${suite.listName} := []string{...}\` list found`,
              `mighook looks for a []string literal assigned to ${suite.listName} (with :=, = or var). Correct "list" in ${configKey}.`,
            ),
          );
        for (const problem of suite.parse.problems)
          findings.push(error("suite-unreadable", suite.file, problem.line, problem.message, "List entries must be string literals, so that mighook can check them."));
      }
    }
    return findings;
  },
};

/**
 * The change deletes a suite file the config names: most likely on purpose
 * (the test went away), so the one thing left to do is the config edit. The
 * finding sits on that entry of the config, and the hint is the edit itself.
 */
function deletedSuite(model: Model, set: SetModel, suite: SuiteModel): Finding {
  const { source, text, sets } = model.config;
  const setIndex = sets.indexOf(set.set);
  const suiteIndex = set.set.suites.findIndex((s) => s.file === suite.file && s.list === suite.listName);
  const key = formatKeyPath(["sets", setIndex, "suites", suiteIndex]);
  const entryOf = (s: { file: string; list: string; skip: Record<string, string> }) => ({ file: s.file, list: s.list, ...(Object.keys(s.skip).length ? { skip: s.skip } : {}) });
  const entry = entryOf({ file: suite.file, list: suite.listName, skip: suite.skip });
  const at = text?.indexOf(JSON.stringify(suite.file)) ?? -1;
  const others = set.set.suites.filter((_, j) => j !== suiteIndex).map(entryOf);
  return error(
    "suite-unreadable",
    source ?? CONFIG_FILE,
    text && at >= 0 ? lineAt(text, at) : null,
    `${key} names the suite ${suite.file} (list \`${suite.listName}\`), which ${model.label} deletes`,
    `If you deleted it on purpose, remove this entry from "suites" of set "${set.set.name}" in ${source ?? CONFIG_FILE}: ${JSON.stringify(entry)}` +
      ` (the set's "suites" then reads ${JSON.stringify(others)}), and stage the config with the deletion.` +
      ` If not, restore it: \`git checkout HEAD -- ${shellQuote(suite.file)}\`.`,
  );
}
