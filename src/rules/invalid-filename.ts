import { error, type Rule } from "./types.js";

export const invalidFilename: Rule = {
  id: "invalid-filename",
  doc: "A .sql file in the migrations folder that goose cannot version (goose skips such .go files, and so does mighook).",
  check: ({ set }) =>
    set.migrations
      .filter((m) => m.version === null)
      .map((m) =>
        error(
          "invalid-filename",
          m.path,
          null,
          `goose cannot version this file: ${m.invalidReason}`,
          `Name it <version>_<name>.sql with a version of 1 or more (e.g. \`mighook new <name>\` picks the next one), or move it out of ${set.set.dir}/.`,
        ),
      ),
};
