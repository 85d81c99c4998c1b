import { lineAt } from "../model/text.js";
import { error, type Rule } from "./types.js";

export const emptySet: Rule = {
  id: "empty-set",
  doc: "A configured migrations folder that holds no migrations (often a typo in dir), so nothing is checked there.",
  check({ model, set }) {
    const { source, text } = model.config;
    // Without a config, mighook merely looks for migrations/; that is no mistake.
    if (source === null || set.migrations.length > 0) return [];
    const at = text?.indexOf(JSON.stringify(set.set.dir)) ?? -1;
    return [
      error(
        "empty-set",
        source,
        text && at >= 0 ? lineAt(text, at) : null,
        `set "${set.set.name}": no migrations in ${set.set.dir}/ in ${model.label}, so nothing there is checked`,
        `Check "dir" (it is relative to the repository root and case-sensitive). A new project can ignore this until its first migration: \`mighook new <name>\`.`,
        "warning",
      ),
    ];
  },
};
