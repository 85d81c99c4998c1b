import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

// Texts of hooks/pre-commit that released versions of mighook installed, kept
// byte for byte in the package's hooks/previous/ folder. A hook installed from
// one of them is still mighook's own (its two recorded paths aside), so install
// replaces it and uninstall removes it; anything else that bears the marker was
// edited by someone, and mighook leaves it alone. When hooks/pre-commit changes
// after a release, copy the released text there (pre-commit-<version>).
export function previousTemplates(packageRoot: string): string[] {
  const dir = join(packageRoot, "hooks", "previous");
  return readdirSync(dir)
    .filter((name) => name.startsWith("pre-commit-"))
    .map((name) => readFileSync(join(dir, name), "utf8"));
}
