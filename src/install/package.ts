import { join } from "node:path";
import { readIfExists } from "../files.js";

/**
 * What the repository's root package.json says about mighook: whether there
 * is one, and the version range it depends on mighook with (null when it
 * does not). A Go service has no package.json and runs a global mighook.
 */
export async function packageInfo(root: string): Promise<{ exists: boolean; mighook: string | null }> {
  const text = await readIfExists(join(root, "package.json"));
  if (text === null) return { exists: false, mighook: null };
  try {
    const pkg = JSON.parse(text) as Record<string, Record<string, unknown> | undefined>;
    for (const field of ["devDependencies", "dependencies", "optionalDependencies"]) {
      const spec = pkg[field]?.mighook;
      if (spec !== undefined) return { exists: true, mighook: String(spec) };
    }
  } catch {
    // A broken package.json is not ours to judge here: treat it as not depending on mighook.
  }
  return { exists: true, mighook: null };
}
