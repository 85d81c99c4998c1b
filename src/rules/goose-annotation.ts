import { error, type Finding, type Rule } from "./types.js";

export const gooseAnnotation: Rule = {
  id: "goose-annotation",
  doc: "A new or changed .sql migration that goose's parser would reject (annotations, statement ends, a missing Down).",
  check({ set }) {
    // Only migrations the change adds or modifies were parsed: legacy files
    // the change leaves alone are not this commit's business.
    const findings: Finding[] = [];
    for (const [path, parse] of set.goose)
      for (const problem of parse.problems) findings.push(error("goose-annotation", path, problem.line, problem.message, problem.hint));
    return findings;
  },
};
