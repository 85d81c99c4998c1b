import { lstat, mkdir, readFile, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { MighookError } from "../errors.js";
import { exists, writeFileAtomic } from "./files.js";
import { CHAINED_NAME, isMighookHook } from "./template.js";

// A native hook: mighook's template as <hooks>/pre-commit. A hook that was
// there before is renamed to pre-commit.mighook-chained (not .legacy or .old,
// which other managers use for their own purposes); the template runs it
// first. Uninstalling renames it back, so its bytes and mode come back as they
// were, and so does a symlink.

export type NativeInstall = { action: "installed" | "updated" | "unchanged"; chained: boolean; chainedRuns: boolean };

export async function installNative(hooksDir: string, hook: string): Promise<NativeInstall> {
  await mkdir(hooksDir, { recursive: true });
  const hookPath = join(hooksDir, "pre-commit");
  const chainedPath = join(hooksDir, CHAINED_NAME);
  const current = await inspect(hookPath);
  let action: NativeInstall["action"] = "installed";
  if (current.kind === "mighook") {
    const mode = (await stat(hookPath)).mode & 0o777;
    if (current.text === hook && mode === 0o755) action = "unchanged";
    else action = "updated";
  } else if (current.kind === "foreign") {
    if (await exists(chainedPath))
      throw new MighookError(
        `${hookPath} is not mighook's hook, and ${CHAINED_NAME} already holds another one`,
        `Another tool replaced mighook's hook. Decide which hook to keep: merge them into one file, remove ${CHAINED_NAME} or ${hookPath}, then run \`mighook install\` again.`,
        1,
      );
    await rename(hookPath, chainedPath);
  }
  if (action !== "unchanged") await writeFileAtomic(hookPath, hook, 0o755);
  const chainedStat = await stat(chainedPath).catch(() => null);
  return { action, chained: chainedStat !== null, chainedRuns: chainedStat !== null && (chainedStat.mode & 0o111) !== 0 };
}

export type NativeUninstall = "removed" | "restored" | "foreign" | "none";

export async function uninstallNative(hooksDir: string): Promise<NativeUninstall> {
  const hookPath = join(hooksDir, "pre-commit");
  const chainedPath = join(hooksDir, CHAINED_NAME);
  const current = await inspect(hookPath);
  const chained = await exists(chainedPath);
  if (current.kind === "foreign") return "foreign";
  if (current.kind === "mighook") await rm(hookPath);
  if (chained) {
    await rename(chainedPath, hookPath);
    return "restored";
  }
  return current.kind === "mighook" ? "removed" : "none";
}

async function inspect(path: string): Promise<{ kind: "none" } | { kind: "mighook" | "foreign"; text: string }> {
  const info = await lstat(path).catch(() => null);
  if (!info) return { kind: "none" };
  // A symlink or anything but a plain file is someone else's arrangement.
  if (!info.isFile()) return { kind: "foreign", text: "" };
  const text = await readFile(path, "utf8");
  return { kind: isMighookHook(text) ? "mighook" : "foreign", text };
}
