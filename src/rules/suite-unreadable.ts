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
