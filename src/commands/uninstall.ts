import { join, resolve } from "node:path";
import { MighookError, usageError } from "../errors.js";
import { exists, shown } from "../files.js";
import { uninstallHusky } from "../install/husky.js";
import { defaultHooksDir, hooksDirIsInside, huskyDir, readLayout } from "../install/layout.js";
import { LEFTHOOK_FILES, uninstallLefthook } from "../install/lefthook.js";
import { uninstallNative } from "../install/native.js";
import { PRE_COMMIT_FILE, uninstallPreCommit } from "../install/precommit.js";
import { chainedName } from "../install/template.js";
import { parseCommandArgs } from "./args.js";
import { say } from "../say.js";

export const usage = "mighook uninstall";


/**
 * Undoes whatever `mighook install` did, wherever it did it: the native hook
 * (giving back the hook it chained), the husky line, the lefthook or
 * pre-commit entry. Only mighook's own bytes are removed; anything a person
 * wrote is left, with a word about it.
 */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {}, usage);
  if (values.help) {
    process.stdout.write(`Usage: ${usage}\n\nRemoves what \`mighook install\` added and restores the hook it chained, byte for byte.\n`);
    return 0;
  }
  if (positionals.length) throw usageError(`uninstall takes no arguments (got "${positionals[0]}")`, `Usage: ${usage}`);
  const layout = await readLayout();
  if (!layout) throw new MighookError("not inside a git working tree", "Run `mighook uninstall` inside the repository it was installed in.");

  let changed = 0;
  // What still runs mighook after this: lines someone wrote, which are theirs
  // to remove. Reporting success then would leave the hook running unseen.
  const stillRuns: string[] = [];
  const husky = huskyDir(layout) ?? ((await exists(join(layout.root, ".husky"))) ? join(layout.root, ".husky") : null);
  // husky's folders hold husky's hooks (v8 runs .husky itself), handled below.
  const hookDirs = [...new Set([hooksDirIsInside(layout) ? layout.hooksDir : null, defaultHooksDir(layout)])].filter(
    (d): d is string => d !== null && (husky === null || (resolve(d) !== resolve(husky) && resolve(d) !== resolve(husky, "_"))),
  );
  for (const dir of hookDirs)
    for (const { hook, result, runs } of await uninstallNative(dir, (path) => shown(layout.root, path))) {
      const file = shown(layout.root, join(dir, hook));
      if (result === "removed") say(`mighook: removed the ${hook} hook ${file}`);
      if (result === "restored") say(`mighook: removed mighook's hook and restored the hook it chained, ${file}`);
      if (result === "foreign" && runs) stillRuns.push(`${file} (a hook mighook did not write, or mighook's hook kept by another tool with changes)`);
      else if (result === "foreign" && (await exists(join(dir, chainedName(hook)))))
        say(`mighook: ${file} is not mighook's hook; left it and ${chainedName(hook)} as they are`);
      if (result === "removed" || result === "restored") changed++;
    }

  if (husky)
    for (const { file, result } of await uninstallHusky(husky, layout.root)) {
      const where = shown(layout.root, file);
      if (result === "removed") say(`mighook: removed mighook's line from ${where}`);
      if (result === "deleted") say(`mighook: removed ${where}, which held only mighook's line`);
      if (result === "foreign") stillRuns.push(`${where} (a line mighook did not write)`);
      if (result === "removed" || result === "deleted") changed++;
    }

  for (const [name, remove] of [
    ...LEFTHOOK_FILES.map((file) => [file, uninstallLefthook] as const),
    [PRE_COMMIT_FILE, uninstallPreCommit] as const,
  ]) {
    const result = await remove(join(layout.root, name));
    if (result === "removed") say(`mighook: removed mighook from ${name}`);
    if (result === "foreign") stillRuns.push(`${name} (an entry mighook did not write)`);
    if (result === "removed") changed++;
  }

  if (stillRuns.length) {
    say(
      `mighook: ${changed ? "removed what mighook install wrote, but " : ""}commits still run mighook from:`,
      ...stillRuns.map((where) => `  ${where}`),
      "  mighook removes only the lines it wrote itself; remove these by hand to stop it.",
    );
    return 1;
  }
  if (!changed) say("mighook: nothing to uninstall (no hook or config entry written by `mighook install` was found)");
  return 0;
}
