import { lstat, mkdir, readFile, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { MighookError } from "../errors.js";
import { exists, writeFileAtomic } from "./files.js";
import { chainedName, hookOwner, HOOK_NAMES } from "./template.js";

// A native hook: mighook's template as <hooks>/pre-commit and
// <hooks>/pre-merge-commit. A hook that was there before is renamed to
// <name>.mighook-chained (not .legacy or .old, which other managers use for
// their own purposes); the template runs it first. Uninstalling renames it
// back, so its bytes and mode come back as they were, and so does a symlink.

export interface NativeInstall {
  action: "installed" | "updated" | "unchanged";
  /** the hooks that were there before, now chained: name → whether git may run it */
  chained: Map<string, boolean>;
}

export async function installNative(hooksDir: string, hook: string): Promise<NativeInstall> {
  await mkdir(hooksDir, { recursive: true });
  const current = await inspectAll(hooksDir);
  refuseEdited(hooksDir, current, "install");
  for (const name of HOOK_NAMES)
    if (current.get(name) === "foreign" && (await exists(join(hooksDir, chainedName(name)))))
      throw new MighookError(
        `${join(hooksDir, name)} is not mighook's hook, and ${chainedName(name)} already holds another one`,
        `Another tool replaced mighook's hook. Decide which hook to keep: merge them into one file, remove ${chainedName(name)} or ${name}, then run \`mighook install\` again.`,
        1,
      );
  let action: NativeInstall["action"] = "installed";
  let unchanged = 0;
  const chained = new Map<string, boolean>();
  for (const name of HOOK_NAMES) {
    const path = join(hooksDir, name);
    const owner = current.get(name);
    if (owner === "mighook") {
      action = "updated";
      const same = (await readFile(path, "utf8")) === hook && ((await stat(path)).mode & 0o777) === 0o755;
      if (same) unchanged++;
      else await writeFileAtomic(path, hook, 0o755);
    } else {
      if (owner === "foreign") await rename(path, join(hooksDir, chainedName(name)));
      await writeFileAtomic(path, hook, 0o755);
    }
    const chainedStat = await stat(join(hooksDir, chainedName(name))).catch(() => null);
    if (chainedStat) chained.set(name, (chainedStat.mode & 0o111) !== 0);
  }
  if (unchanged === HOOK_NAMES.length) action = "unchanged";
  return { action, chained };
}

export type NativeUninstall = { hook: string; result: "removed" | "restored" | "foreign" | "none" };

export async function uninstallNative(hooksDir: string): Promise<NativeUninstall[]> {
  const current = await inspectAll(hooksDir);
  refuseEdited(hooksDir, current, "uninstall");
  const results: NativeUninstall[] = [];
  for (const name of HOOK_NAMES) {
    const path = join(hooksDir, name);
    const owner = current.get(name);
    const chained = join(hooksDir, chainedName(name));
    if (owner === "foreign") {
      results.push({ hook: name, result: "foreign" });
      continue;
    }
    if (owner === "mighook") await rm(path);
    if (await exists(chained)) {
      await rename(chained, path);
      results.push({ hook: name, result: "restored" });
    } else results.push({ hook: name, result: owner === "mighook" ? "removed" : "none" });
  }
  return results;
}

type Owner = "none" | "mighook" | "edited" | "foreign";

async function inspectAll(hooksDir: string): Promise<Map<string, Owner>> {
  return new Map(await Promise.all(HOOK_NAMES.map(async (name) => [name, await inspect(join(hooksDir, name))] as const)));
}

async function inspect(path: string): Promise<Owner> {
  const info = await lstat(path).catch(() => null);
  if (!info) return "none";
  // A symlink or anything but a plain file is someone else's arrangement.
  if (!info.isFile()) return "foreign";
  return hookOwner(await readFile(path, "utf8"));
}

/** Someone edited mighook's hook: replacing or deleting it would lose their lines. */
function refuseEdited(hooksDir: string, current: Map<string, Owner>, command: string): void {
  const edited = HOOK_NAMES.filter((name) => current.get(name) === "edited");
  if (edited.length === 0) return;
  const path = join(hooksDir, edited[0]!);
  throw new MighookError(
    `${path} is mighook's hook with changes someone made to it; \`mighook ${command}\` would lose them, so it changed nothing`,
    `Move your lines into ${chainedName(edited[0]!)} beside it (mighook runs that first), or delete ${path} if you don't need them, then run \`mighook ${command}\` again.`,
    1,
  );
}
