import { lineAt } from "../model/text.js";
import { migrationsByFile, quote } from "./lists.js";
import { error, type Rule } from "./types.js";

export const staleSkip: Rule = {
  id: "stale-skip",
  doc: "A skip entry for a migration that does not exist.",
  check({ model, set }) {
    const known = migrationsByFile(set);
    const { source, text } = model.config;
    return Object.keys(set.set.skip)
      .filter((file) => !known.has(file))
      .map((file) => {
        const at = text?.indexOf(JSON.stringify(file)) ?? -1;
        return error(
          "stale-skip",
          source ?? "mighook.config.json",
          text && at >= 0 ? lineAt(text, at) : null,
          `"skip" names ${quote(file)}, which is not a migration in ${set.set.dir}/ in ${model.label}`,
          "Remove the skip entry, or correct the file name.",
        );
      });
  },
};
