import { lstat, mkdir, readFile, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { MighookError } from "../errors.js";
import { exists, writeFileAtomic } from "../files.js";
import { chainedName, hookOwner, HOOK_NAMES, RUNS_MIGHOOK } from "./template.js";

// A native hook: mighook's template as <hooks>/pre-commit and
// <hooks>/pre-merge-commit. A hook that was there before is renamed to
// <name>.mighook-chained (not .legacy or .old, which other managers use for
// their own purposes); the template runs it first. Uninstalling renames it
// back, so its bytes and mode come back as they were, and so does a symlink.
// A hook that bears mighook's marker but is not exactly what mighook wrote
// was edited by someone: both commands refuse rather than lose the edits.

export interface NativeInstall {
  action: "installed" | "updated" | "unchanged";
  /** the hooks that were there before, now chained: name → whether git may run it */
  chained: Map<string, boolean>;
}

/** How messages name a path (relative to the repository when inside it). */
type Show = (path: string) => string;

export async function installNative(hooksDir: string, hook: string, show: Show = (p) => p): Promise<NativeInstall> {
  await mkdir(hooksDir, { recursive: true });
  const current = await inspectAll(hooksDir);
  refuseEdited(hooksDir, current, "install", show);
  for (const name of HOOK_NAMES)
    if (current.get(name) === "foreign" && (await exists(join(hooksDir, chainedName(name)))))
      throw new MighookError(
        `${show(join(hooksDir, name))} is not mighook's hook, and ${chainedName(name)} beside it already holds another one`,
        `Another tool replaced mighook's hook. Decide which hook to keep: merge them into one file, remove ${chainedName(name)} or ${name}, then run \`mighook install\` again.`,
        1,
      );
  let updated = false;
  let unchanged = 0;
  const chained = new Map<string, boolean>();
  for (const name of HOOK_NAMES) {
    const path = join(hooksDir, name);
    const owner = current.get(name);
    if (owner === "mighook") {
      updated = true;
      const same = (await readFile(path, "utf8")) === hook && ((await stat(path)).mode & 0o777) === 0o755;
      if (same) unchanged++;
      else await writeFileAtomic(path, hook, { mode: 0o755 });
    } else {
      if (owner === "foreign") await rename(path, join(hooksDir, chainedName(name)));
      await writeFileAtomic(path, hook, { mode: 0o755 });
    }
    const chainedStat = await stat(join(hooksDir, chainedName(name))).catch(() => null);
    if (chainedStat) chained.set(name, (chainedStat.mode & 0o111) !== 0);
  }
  const action = unchanged === HOOK_NAMES.length ? "unchanged" : updated ? "updated" : "installed";
  return { action, chained };
}

/** "foreign": not mighook's hook; `runs` when it runs mighook all the same (a line someone wrote). */
export type NativeUninstall = { hook: string; result: "removed" | "restored" | "foreign" | "none"; runs?: boolean };

export async function uninstallNative(hooksDir: string, show: Show = (p) => p): Promise<NativeUninstall[]> {
  const current = await inspectAll(hooksDir);
  refuseEdited(hooksDir, current, "uninstall", show);
  const results: NativeUninstall[] = [];
  for (const name of HOOK_NAMES) {
    const path = join(hooksDir, name);
    const owner = current.get(name);
    const chained = join(hooksDir, chainedName(name));
    if (owner === "foreign") {
      const text = await readFile(path, "utf8").catch(() => "");
      const aside = await removeMovedAside(hooksDir, name);
      results.push({ hook: name, result: "foreign", runs: RUNS_MIGHOOK.test(text) || aside === "edited" });
      if (aside === "removed" || aside === "restored") results.push({ hook: `${name}.legacy`, result: aside });
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

/**
 * `pre-commit install` moves the hook it finds to <name>.legacy and runs it
 * from its own: mighook's hook lives on there. It goes (giving the chained
 * hook back as .legacy, which pre-commit keeps running). "edited": it is
 * there with someone's changes, so it stays and still runs.
 */
async function removeMovedAside(hooksDir: string, name: string): Promise<"removed" | "restored" | "edited" | "none"> {
  const legacy = join(hooksDir, `${name}.legacy`);
  const owner = await inspect(legacy);
  if (owner === "edited") return "edited";
  if (owner !== "mighook") return "none";
  const chained = join(hooksDir, chainedName(name));
  if (await exists(chained)) {
    await rename(chained, legacy);
    return "restored";
  }
  await rm(legacy);
  return "removed";
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

/**
 * Someone edited mighook's hook: replacing or deleting it would lose their
 * lines. Nothing is changed (not even the other hook), and the hint says
 * where lines of one's own belong: the chained hook, which mighook's runs
 * first and which uninstall turns back into the hook.
 */
function refuseEdited(hooksDir: string, current: Map<string, Owner>, command: "install" | "uninstall", show: Show): void {
  const name = HOOK_NAMES.find((hook) => current.get(hook) === "edited");
  if (name === undefined) return;
  const path = show(join(hooksDir, name));
  const chained = show(join(hooksDir, chainedName(name)));
  throw new MighookError(
    `${path} is mighook's hook with changes someone made to it; \`mighook ${command}\` would ${command === "install" ? "overwrite" : "delete"} them, so it changed nothing`,
    [
      `To keep your lines: move them into ${chained} (an executable script; mighook's hook runs it first${command === "uninstall" ? ", and uninstall turns it back into the " + name + " hook" : ""}),`,
      `    delete ${path}, and run \`mighook ${command}\` again.`,
      `    If you don't need them: delete ${path} and run \`mighook ${command}\` again.`,
    ].join("\n"),
    1,
  );
}
