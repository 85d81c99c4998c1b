import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

// Rule pages ship inside the package (docs/rules/<id>.md), so a finding's
// link and `mighook explain` work offline, from the very version that made
// the finding. The bundle's chunks sit at different depths under dist/, so
// the package root is found by walking up to mighook's own package.json.
let packageRoot: string | undefined;

function findPackageRoot(): string {
  if (packageRoot !== undefined) return packageRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && /"name"\s*:\s*"mighook"/.test(readFileSync(manifest, "utf8"))) return (packageRoot = dir);
    const parent = dirname(dir);
    if (parent === dir) return (packageRoot = dirname(dirname(fileURLToPath(import.meta.url))));
    dir = parent;
  }
}

export const rulesDocsFolder = () => join(findPackageRoot(), "docs", "rules");

/** The path of a rule's page in the installed package. */
export const rulePagePath = (rule: string) => join(rulesDocsFolder(), `${rule}.md`);

/** A rule's page as a link that opens offline: a file URL into the installed package. */
export const ruleDocsUrl = (rule: string) => pathToFileURL(rulePagePath(rule)).href;
