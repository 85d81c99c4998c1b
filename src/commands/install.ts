import { isAbsolute } from "node:path";
import { MighookError, usageError } from "../errors.js";
import { refreshFastPath } from "../fastpath/cache.js";
import { detectManager, MANAGER_INSTALL, managerHooksMissing, mighookCommand, type Manager } from "../install/detect.js";
import { STAGED_BIN } from "../install/command.js";
import { shown } from "../files.js";
import { skipReason } from "../install/guard.js";
import { installHusky } from "../install/husky.js";
import { hooksDirIsInside, readLayout, type Layout } from "../install/layout.js";
import { installLefthook, type ManagerEdit } from "../install/lefthook.js";
import { installNative } from "../install/native.js";
import { installPreCommit, stagesOfInstalledPreCommit } from "../install/precommit.js";
import { CHAINED_NAME, chainedName, HOOK_NAMES, renderHook } from "../install/template.js";
import { parseCommandArgs } from "./args.js";
import { say } from "../say.js";

export const usage = "mighook install";

/** Said only when true: every commit in this clone now runs the check. */
function guarded(): number {
  say(`  Every \`git commit\` (and clean merge) now runs \`mighook check --staged\`. To skip it once: git commit --no-verify`);
  return 0;
}

/**
 * Nothing guards the commits yet (mighook printed what to add instead of
 * wiring it): exit 1, except under npm's "prepare" step, where a failure
 * would fail `npm install` and `npm ci` for every teammate.
 */
function unguarded(): number {
  const prepare = process.env.npm_lifecycle_event === "prepare";
  say(
    `mighook: commits in this clone are not checked yet; do the above, then run \`mighook install\` again to confirm${prepare ? " (exit 0 all the same: this is npm's prepare step, which must not fail npm install)" : ""}.`,
  );
  return prepare ? 0 : 1;
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {}, usage);
  if (values.help) return help();
  if (positionals.length) throw usageError(`install takes no arguments (got "${positionals[0]}")`, `Usage: ${usage}`);
  const skip = skipReason(process.env);
  if (skip) {
    say(`mighook install: skipped (${skip})`);
    return 0;
  }
  const layout = await readLayout();
  if (!layout) {
    say("mighook install: not inside a git working tree, nothing to install");
    return 0;
  }
  // Whatever runs the hook, its Node-free pre-check starts with a cache.
  await refreshFastPath(layout.root);
  const manager = detectManager(layout);
  switch (manager.kind) {
    case "husky": {
      const command = await mighookCommand(layout.root);
      const results = await installHusky(manager.dir, layout.root, command, manager.major);
      let wired = manager.active;
      for (const { file, result } of results) {
        const where = shown(layout.root, file);
        if (result === "present") say(`mighook: ${where} already runs mighook's check (husky)`);
        else if (result === "updated") say(`mighook: updated mighook's line in ${where} to \`${command}\` (husky runs it)`);
        else if (result === "manual") {
          wired = false;
          say(
            `mighook: left ${where} as it is: it is more than a plain list of one-line commands (a block, a function, an exit before the end, a continued line, a heredoc), so mighook can't be sure where a line would run.`,
            `  Add this line where it surely runs, before anything that may end the hook, then run \`mighook install\` again to confirm:`,
            `    ${command}`,
          );
        } else say(`mighook: ${result === "created" ? "created" : "added a line to"} ${where}: \`${command}\` (husky runs it)`);
      }
      if (!manager.active)
        say("  husky is not set up in this clone yet (core.hooksPath is unset): run `npx husky`, usually your package.json \"prepare\" script.");
      return wired ? guarded() : unguarded();
    }
    case "lefthook":
      return managerOutcome(layout, manager, await installLefthook(manager.file, await mighookCommand(layout.root)));
    case "pre-commit": {
      const { stages, version } = await stagesOfInstalledPreCommit();
      const result = await installPreCommit(manager.file, await mighookCommand(layout.root), stages);
      if (result.kind !== "present" && version === null)
        say(
          `mighook: pre-commit is not on PATH, so mighook wrote the stage names of pre-commit 3.2 and later (${stages.join(", ")}).`,
          "  pre-commit before 3.2 (Debian 12 ships 3.0, Ubuntu 22.04 2.17) refuses them in every commit: with such a pre-commit, run `mighook install` again once it is on PATH, and it writes commit, merge-commit.",
        );
      return managerOutcome(layout, manager, result);
    }
    case "native":
      return native(layout);
  }
}

async function native(layout: Layout): Promise<number> {
  if (layout.hooksPath === "")
    throw new MighookError(
      `core.hooksPath is set to nothing${layout.hooksPathFile ? ` in ${layout.hooksPathFile}` : ""}: git then looks for hooks in no folder and runs none, so a hook mighook wrote would never run`,
      `Unset it (git config --unset core.hooksPath${layout.hooksPathFile ? `, in ${layout.hooksPathFile}` : ""}), then run \`mighook install\` again. mighook never changes your git config.`,
      1,
    );
  if (!hooksDirIsInside(layout))
    throw new MighookError(
      `core.hooksPath points outside this repository (${layout.hooksDir}${layout.hooksPathFile ? `, set in ${layout.hooksPathFile}` : ""}): git runs those hooks for every repository that uses that setting, so mighook will not install there`,
      [
        `Either add the line \`mighook check --staged\` to ${layout.hooksDir}/pre-commit yourself,`,
        "    or give this repository its own hooks folder, shared by its linked worktrees:",
        '      git config core.hooksPath "$(git rev-parse --path-format=absolute --git-common-dir)/hooks"   then run `mighook install` again,',
        "    or use husky, lefthook or the pre-commit framework. mighook never changes your git config.",
      ].join("\n"),
      1,
    );
  const result = await installNative(layout.hooksDir, renderHook(), (path) => shown(layout.root, path));
  const dir = shown(layout.root, layout.hooksDir);
  const verb = { installed: "installed", updated: "updated", unchanged: "already installed:" }[result.action];
  say(`mighook: ${verb} the ${HOOK_NAMES.join(" and ")} hooks in ${dir}`);
  for (const [hook, runs] of result.chained) {
    const chained = shown(layout.root, `${layout.hooksDir}/${chainedName(hook)}`);
    say(
      runs
        ? `  The ${hook} hook that was there is kept as ${chained}: it runs first, and its failure still stops the commit.`
        : `  The ${hook} hook that was there is kept as ${chained}; it is not executable, so git did not run it and neither does mighook.`,
    );
  }
  if (layout.hooksPath !== null) say(`  (core.hooksPath is ${layout.hooksPath}; git runs hooks from there.)`);
  if (layout.hooksPath !== null && !isAbsolute(layout.hooksPath))
    say(
      `  core.hooksPath is relative, so each linked worktree looks in its own ${layout.hooksPath}/: commit the hooks there`,
      "  (they find mighook in node_modules/.bin or on PATH; the recorded paths are only a fallback), or run `mighook install` in each worktree.",
    );
  return guarded();
}

function managerOutcome(layout: Layout, manager: Extract<Manager, { kind: "lefthook" | "pre-commit" }>, result: ManagerEdit): number {
  const where = shown(layout.root, manager.file);
  const name = manager.kind;
  if (result.kind === "snippet") {
    // The team's config is theirs; here is exactly what to add. Until then
    // nothing guards the commits: not a success.
    say(`mighook: ${name} runs this repository's hooks; mighook left ${where} as it is (${result.reason}).`, `  ${result.intro}`, "");
    say(...result.snippet.trimEnd().split("\n").map((line) => `    ${line}`), "");
    return unguarded();
  }
  if (result.kind === "present") say(`mighook: ${where} already runs mighook (${name})`);
  else if (result.kind === "updated") say(`mighook: updated mighook's entry in ${where} to run \`${STAGED_BIN}\` (${name})`);
  else say(`mighook: added mighook to ${where} (${name} runs it)`);
  // The config alone runs nothing: the manager's own hooks must be in place.
  const missing = managerHooksMissing(layout, manager.kind);
  if (missing.length === 0) return guarded();
  say(`  ${name}'s own ${missing.join(" and ")} hook${missing.length > 1 ? "s are" : " is"} not installed in this clone: run ${MANAGER_INSTALL[manager.kind]}.`);
  return unguarded();
}

function help(): number {
  say(
    `Usage: ${usage}`,
    "",
    "Guards every `git commit` in this repository with `mighook check --staged`.",
    "  husky: adds a line to .husky/pre-commit.   lefthook, pre-commit: adds mighook to their config",
    "  (or prints what to add). Otherwise: native pre-commit and pre-merge-commit hooks where git runs hooks",
    `  (core.hooksPath honoured); an existing hook is kept as ${CHAINED_NAME} (or pre-merge-commit's likewise) and runs first.`,
    "Does nothing under CI=true, with MIGHOOK=0, or outside a git repository, so it is safe as a \"prepare\" script.",
    "Undo with `mighook uninstall`.",
  );
  return 0;
}
