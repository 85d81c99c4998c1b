import { IGNORE_RULE, malformedIgnores, otherRuleIds } from "./ignore.js";
import { rules } from "./index.js";
import type { Rule } from "./types.js";

export const ignoreComment: Rule = {
  id: IGNORE_RULE,
  doc: "A mighook:ignore comment that silences nothing: no reason given, or no known rule named.",
  check({ set }) {
    // `rules` is read at call time: this module is part of that list.
    const known = new Set([...rules.map((rule) => rule.id), ...otherRuleIds]);
    return [...set.sources].flatMap(([file, text]) => malformedIgnores(file, text, known));
  },
};
