import { isBeingChanged } from "../model/model.js";
import { nextVersion, type Migration } from "../model/versions.js";
import { error, type Rule } from "./types.js";

export const duplicateVersion: Rule = {
  id: "duplicate-version",
  doc: "Two or more migrations share one version (compared as numbers: 21 and 021 collide).",
  check({ model, set }) {
    const byVersion = new Map<number, Migration[]>();
    for (const m of set.migrations) if (m.version !== null) byVersion.set(m.version, [...(byVersion.get(m.version) ?? []), m]);
    const next = nextVersion(set.migrations).text;
    return [...byVersion.values()]
      .filter((group) => group.length > 1)
      .map((group) => {
        // Point at the file this change brings in: that is the one to renumber.
        const culprit = group.filter((m) => isBeingChanged(model.changes, m.path)).at(-1) ?? group.at(-1)!;
        const others = group.filter((m) => m !== culprit).map((m) => m.path);
        return error(
          "duplicate-version",
          culprit.path,
          null,
          `version ${culprit.version} is also used by ${others.join(", ")}`,
          `goose needs one migration per version. Renumber this one to the next free version ${next}: \`mighook renumber ${culprit.path}\`.`,
        );
      });
  },
};
