import { accessSync, constants, readFileSync, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { findSourceConfig } from "../config/find.js";
import { resolveConfig } from "../config/load.js";
import { MighookError, usageError } from "../errors.js";
import { shown } from "../files.js";
import { RUNS_CHECK, STAGED_BIN } from "../install/command.js";
import { detectManager, MANAGER_INSTALL, managerHooksMissing, type Manager } from "../install/detect.js";
import { hooksDirIsInside, readLayout, type Layout } from "../install/layout.js";
import { HOOK_NAMES, hookOwner } from "../install/template.js";
import { configuredFolders } from "../model/model.js";
import { indexSource } from "../source/index-source.js";
import { refuseLinkedFolders } from "../source/linked-folders.js";
import { say } from "../say.js";
import { parseCommandArgs } from "./args.js";

export const usage = "mighook doctor";

// A teammate's fresh clone was unprotected and nobody could tell: the hook
// files were committed, but husky had never been set up there. doctor asks
// every link of the chain, in the order git follows it, and says which one is
// missing: where git runs hooks, whether the manager's own hooks are in place
// and run mighook, whether the hook can find mighook, and whether the config
// the hook will read is valid.

interface Finding {
  ok: boolean;
  what: string;
  fix?: string;
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {}, usage);
  if (values.help) return help();
  if (positionals.length) throw usageError(`doctor takes no arguments (got "${positionals[0]}")`, `Usage: ${usage}`);
  const layout = await readLayout();
  if (!layout) throw new MighookError("not inside a git working tree", "Run `mighook doctor` inside the repository's working tree.");

  const findings: Finding[] = [hooksPath(layout)];
  const manager = detectManager(layout);
  findings.push(...(await wiring(layout, manager)));
  findings.push(await configValid(layout.root));
  findings.push(...prepareScript(layout.root));

  const protectedNow = findings.every((f) => f.ok);
  say(protectedNow ? "mighook doctor: this clone is protected: every commit runs mighook's check." : "mighook doctor: this clone is NOT protected:");
  for (const f of findings) {
    say(`  ${f.ok ? "ok " : "NO "} ${f.what}`);
    if (!f.ok && f.fix) say(`      → ${f.fix}`);
  }
  return protectedNow ? 0 : 1;
}

function hooksPath(layout: Layout): Finding {
  const where = shown(layout.root, layout.hooksDir);
  const set = layout.hooksPath === null ? "core.hooksPath is not set" : `core.hooksPath is ${JSON.stringify(layout.hooksPath)}${layout.hooksPathFile ? ` (set in ${layout.hooksPathFile})` : ""}`;
  if (layout.hooksPath === "")
    return { ok: false, what: `${set}: git runs no hook at all`, fix: "git config --unset core.hooksPath (in the file named), then `mighook install`" };
  return { ok: true, what: `git runs hooks from ${where} (${set})` };
}

async function wiring(layout: Layout, manager: Manager): Promise<Finding[]> {
  switch (manager.kind) {
    case "native":
      return native(layout);
    case "husky":
      return husky(layout, manager);
    case "lefthook":
    case "pre-commit":
      return configured(layout, manager);
  }
}

function native(layout: Layout): Finding[] {
  const dir = shown(layout.root, layout.hooksDir);
  if (!hooksDirIsInside(layout))
    return [{ ok: false, what: `the hooks folder ${dir} is outside this repository (a global core.hooksPath): mighook does not install there`, fix: "see `mighook install` for the ways to guard this repository" }];
  return HOOK_NAMES.map((hook): Finding => {
    const path = join(layout.hooksDir, hook);
    const text = readText(path);
    if (text === null) return { ok: false, what: `no ${hook} hook in ${dir}`, fix: "mighook install" };
    if (!executable(path)) return { ok: false, what: `${dir}/${hook} is not executable, so git skips it`, fix: `chmod +x ${dir}/${hook}` };
    const owner = hookOwner(text);
    if (owner === "foreign" && !RUNS_CHECK.test(text)) return { ok: false, what: `${dir}/${hook} is another tool's hook and does not run mighook`, fix: "mighook install (it keeps that hook and runs it first)" };
    const found = nativeFindsMighook(layout, text);
    if (!found) return { ok: false, what: `${dir}/${hook} runs mighook, but cannot find it (not in node_modules/.bin, not on PATH, not at the recorded path)`, fix: "npm install --save-dev mighook (or --global), then mighook install" };
    return { ok: true, what: `${dir}/${hook} runs mighook (${owner === "edited" ? "mighook's hook, with someone's edits" : owner === "mighook" ? "mighook's hook" : "a hook that calls it"}), found ${found}` };
  });
}

/** Where the native hook finds mighook, in its own order; null when nowhere. */
function nativeFindsMighook(layout: Layout, hook: string): string | null {
  if (executable(join(layout.root, "node_modules/.bin/mighook"))) return "in node_modules/.bin";
  if (onPath("mighook")) return "on PATH";
  const cli = /^MIGHOOK_CLI='((?:[^'\n]|'\\'')*)'$/m.exec(hook)?.[1]?.replace(/'\\''/g, "'");
  if (cli && statSync(cli, { throwIfNoEntry: false })?.isFile()) return `at ${cli}`;
  return null;
}

function husky(layout: Layout, manager: Extract<Manager, { kind: "husky" }>): Finding[] {
  const dir = shown(layout.root, manager.dir);
  const findings: Finding[] = [];
  const hooksPath = manager.major === 8 ? dir : `${dir}/_`;
  if (!manager.active)
    findings.push({
      ok: false,
      what: `husky ${manager.major} is not set up in this clone: core.hooksPath is unset, so git never runs ${dir}/`,
      fix: `npx husky${manager.major === 8 ? " install" : ""} (make it your package.json "prepare" script, or "husky && mighook install", so every clone gets it)`,
    });
  else if (manager.major === 9 && readText(join(manager.dir, "_", "h")) === null)
    findings.push({ ok: false, what: `${dir}/_ has no husky runner (h): husky's files are missing in this clone`, fix: "npx husky" });
  else findings.push({ ok: true, what: `husky ${manager.major} is set up (core.hooksPath ${hooksPath})` });
  for (const hook of HOOK_NAMES) findings.push(lineFinding(layout, `${dir}/${hook}`, readText(join(manager.dir, hook))));
  return findings;
}

function configured(layout: Layout, manager: Extract<Manager, { kind: "lefthook" | "pre-commit" }>): Finding[] {
  const where = shown(layout.root, manager.file);
  const text = readText(manager.file) ?? "";
  const findings: Finding[] = [];
  if (/language:\s*node[\s\S]*mighook@|mighook@[\s\S]*language:\s*node/.test(text) && manager.kind === "pre-commit")
    findings.push({ ok: false, what: `${where} has 0.1.0's mighook entry, which fetches mighook from the npm registry (which does not have it)`, fix: "mighook install (it rewrites the entry to run the installed mighook)" });
  else findings.push(lineFinding(layout, where, text));
  const missing = managerHooksMissing(layout, manager.kind);
  findings.push(
    missing.length
      ? { ok: false, what: `${manager.kind}'s own ${missing.join(" and ")} hook${missing.length > 1 ? "s are" : " is"} not installed in ${shown(layout.root, layout.hooksDir)}`, fix: MANAGER_INSTALL[manager.kind] }
      : { ok: true, what: `${manager.kind}'s hooks are installed in ${shown(layout.root, layout.hooksDir)}` },
  );
  return findings;
}

/** A husky hook or manager config: does it run mighook, and can its command be found? */
function lineFinding(layout: Layout, where: string, text: string | null): Finding {
  if (text === null || !RUNS_CHECK.test(text)) return { ok: false, what: `${where} does not run mighook`, fix: "mighook install" };
  if (new RegExp(`node_modules/\\.bin/${STAGED_BIN}\\b`).test(text)) {
    return executable(join(layout.root, "node_modules/.bin", STAGED_BIN))
      ? { ok: true, what: `${where} runs node_modules/.bin/${STAGED_BIN}, which is there` }
      : { ok: false, what: `${where} runs node_modules/.bin/${STAGED_BIN}, which is missing`, fix: "npm install (mighook is a devDependency)" };
  }
  const name = new RegExp(`(?:^|[\\s'"])${STAGED_BIN}\\b`, "m").test(text) ? STAGED_BIN : "mighook";
  if (onPath(name) || executable(join(layout.root, "node_modules/.bin", name))) return { ok: true, what: `${where} runs ${name}, which is found` };
  return { ok: false, what: `${where} runs ${name}, which is not on PATH`, fix: "npm install --save-dev mighook, then mighook install (or npm install --global mighook)" };
}

async function configValid(root: string): Promise<Finding> {
  const source = indexSource(root);
  try {
    const found = await findSourceConfig(source);
    const config = await resolveConfig(found);
    await refuseLinkedFolders(source, configuredFolders(config));
    return { ok: true, what: `the config the hook reads is valid (${found ? found.source : "none: the defaults, dir \"migrations\""})` };
  } catch (error) {
    if (!(error instanceof MighookError)) throw error;
    return { ok: false, what: `the config is not valid, so every relevant commit stops with exit 2: ${error.message}`, fix: error.hint };
  } finally {
    source.close();
  }
}

/** `"prepare": "mighook install"` in place of husky's: a fresh clone never sets husky up. */
function prepareScript(root: string): Finding[] {
  let pkg: { scripts?: Record<string, unknown>; devDependencies?: Record<string, unknown>; dependencies?: Record<string, unknown> };
  try {
    pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  } catch {
    return [];
  }
  const prepare = typeof pkg.scripts?.prepare === "string" ? pkg.scripts.prepare : "";
  const usesHusky = pkg.devDependencies?.husky !== undefined || pkg.dependencies?.husky !== undefined;
  if (!usesHusky || !/\bmighook install\b/.test(prepare) || /\bhusky\b/.test(prepare)) return [];
  return [
    {
      ok: false,
      what: `package.json's "prepare" is ${JSON.stringify(prepare)}, which replaced husky's: a fresh clone never sets husky up, and no hook runs`,
      fix: '"prepare": "husky && mighook install" (or just "husky": the husky line is committed)',
    },
  ];
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

const onPath = (name: string) => (process.env.PATH ?? "").split(delimiter).some((dir) => dir !== "" && executable(join(dir, name)));

function help(): number {
  say(
    `Usage: ${usage}`,
    "",
    "Says whether this clone is really protected, and if not, which link is missing and how to fix it:",
    "  where git runs hooks (core.hooksPath), the hook manager installed and set up in this clone (husky's",
    "  core.hooksPath, lefthook's or pre-commit's own hooks), each hook running mighook and able to find it,",
    "  and the config the hook reads being valid. Changes nothing.",
    "Exit codes: 0 protected, 1 not protected, 2 not in a git working tree.",
  );
  return 0;
}
