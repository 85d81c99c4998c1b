import { shownName } from "../path-bytes.js";
import { newAgainstBase } from "../model/model.js";
import { highestVersion } from "../model/versions.js";
import { renumberHint } from "./lists.js";
import { error, type Rule } from "./types.js";

export const notAfterBase: Rule = {
  id: "not-after-base",
  doc: "A migration new against the base branch whose version is not above the base's highest: goose refuses it as out of order.",
  check({ set }) {
    const base = set.base;
    if (!base) return [];
    const top = highestVersion(base.migrations);
    if (!top) return [];
    return newAgainstBase(set)
      // Specials sit apart on purpose. Equal to the base's highest means taken
      // by it: duplicate-version says that better. Lower is out of order
      // (and may be taken too, which duplicate-version adds).
      .filter((m) => m.version !== null && !m.special && m.version < top.version)
      .map((m) =>
        // With goose's -allow-missing ("outOfOrder"), goose applies it anyway,
        // out of order: worth a look, not a block.
        set.set.outOfOrder
          ? error(
              "not-after-base",
              m.path,
              null,
              `version ${m.version} is not after ${base.ref}'s highest migration, ${shownName(top.path)}: with "outOfOrder" (goose -allow-missing), databases that already ran that one will apply this one out of order`,
              `Check that it doesn't depend on a migration numbered after it. To keep the order instead: ${renumberHint(set, m.path)}`,
              "warning",
            )
          : error(
              "not-after-base",
              m.path,
              null,
              `version ${m.version} is not after ${base.ref}'s highest migration, ${shownName(top.path)}: databases that already ran it would refuse this one as out of order`,
              `goose applies versions in order and, by default, refuses a missing lower one (if your goose runs with -allow-missing, set "outOfOrder": true on this set). ${renumberHint(set, m.path)}`,
              base.severity,
            ),
      );
  },
};
