import { mkdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { readIfExists, writablePath, writeFileAtomic } from "../files.js";
import { HOOK_NAMES } from "./template.js";

// husky runs <.husky>/pre-commit (and pre-merge-commit). v9 runs it through
// its own `_/h`, which puts node_modules/.bin on PATH; v8 does not, so with
// mighook as a devDependency the command names node_modules/.bin/mighook (see
// mighookCommand). mighook adds one line to each file and never touches
// `.husky/_`, which husky regenerates on every install.

/**
 * Tells mighook's line from one the team wrote: uninstall removes only its
 * own. A file install created says so, so that uninstall deletes only that
 * one (an empty file the team had stays, empty).
 */
const ADDED = "# added by mighook install";
const CREATED = "# mighook install created this file";
export const huskyLine = (command: string, mark = ADDED) => `${command} ${mark}`;
const OURS = new RegExp(`^(?:node_modules/\\.bin/)?mighook check --staged (${ADDED}|${CREATED})$`);

/** Any line that already runs mighook's check, however the team spelled it. */
const RUNS_CHECK = /^[ \t]*(?:npx[ \t]+(?:--no(?:-install)?[ \t]+)?)?(?:\S*\/)?mighook[ \t]+check\b/m;

/** "manual": the file ends in a way mighook can't safely add to; the user places the line. */
export type HuskyInstall = "added" | "created" | "present" | "manual";

/** Does `work` on each hook file mighook runs in (pre-commit, pre-merge-commit); each hook's result. */
async function eachHook<T>(dir: string, work: (file: string) => Promise<T>): Promise<Array<{ hook: string; file: string; result: T }>> {
  const results: Array<{ hook: string; file: string; result: T }> = [];
  for (const hook of HOOK_NAMES) results.push({ hook, file: join(dir, hook), result: await work(join(dir, hook)) });
  return results;
}

export async function installHusky(dir: string, root: string, command: string) {
  // Every file is checked before any is written: a refusal leaves both as they were.
  await eachHook(dir, async (file) => (await readIfExists(file), await writablePath(file, root)));
  return eachHook(dir, (file) => installHuskyHook(file, root, command));
}

async function installHuskyHook(file: string, root: string, command: string): Promise<HuskyInstall> {
  const text = await readIfExists(file);
  if (text === null) {
    await mkdir(dirname(file), { recursive: true });
    await writeFileAtomic(file, `${huskyLine(command, CREATED)}\n`, { mode: 0o755, root });
    return "created";
  }
  if (RUNS_CHECK.test(text)) return "present";
  const edited = withLine(text, huskyLine(command));
  if (edited === null) return "manual";
  await writeFileAtomic(file, edited, { root });
  return "added";
}

/**
 * The text with mighook's line added where it will surely run: at the end, or
 * just before a closing top-level `exit` or `exec`, after which nothing would
 * (before the whole command, when that exit continues the lines above:
 * splitting them would change what the hook does). A file without a final
 * newline keeps that style, and `removeLine` gives back exactly the bytes that
 * were there. null when the hook ends in a shape where neither place is sure
 * to run (an exit inside a block, a block whose branches may all exit, a
 * dangling backslash): mighook does not guess at shell structure.
 */
export function withLine(text: string, line: string): string | null {
  const lines = text.split("\n");
  const blank = (index: number) => /^[ \t]*(?:#.*)?\r?$/.test(lines[index]!);
  let last = lines.length - 1;
  while (last >= 0 && blank(last)) last--;
  const tail = lines[last] ?? "";
  if (/\\\r?$/.test(tail)) return null;
  // The last logical line: `exec echo \` and `  lint-staged` are one.
  let start = last;
  while (start > 0 && /\\\r?$/.test(lines[start - 1]!)) start--;
  if (/^[ \t]*(?:exit|exec)\b/.test(lines[start]!)) {
    // `[ -n "$CI" ] ||\n  exec lint-staged` is one command: go before all of it.
    // After `||`, `&&` or `|` the shell reads on past blank and comment lines;
    // after a backslash, only into the very next line.
    let first = start;
    for (;;) {
      let above = first - 1;
      while (above >= 0 && blank(above)) above--;
      if (above < 0) break;
      const continues = /(?:\|\||&&|\|)[ \t]*\r?$/.test(lines[above]!) || (above === first - 1 && /\\\r?$/.test(lines[above]!));
      if (!continues) break;
      first = above;
    }
    // Only a plain top-level command: not indented (inside a block), no block
    // keyword or brace anywhere in it, no `;` joining more to the exit.
    const command = lines.slice(first, last + 1);
    if (/^[ \t]/.test(lines[first]!) || lines.slice(start, last + 1).some((text) => text.includes(";")) || command.some((text) => BLOCK.test(text.replace(/#.*$/, ""))))
      return null;
    lines.splice(first, 0, line);
    return lines.join("\n");
  }
  // A closing block (`fi`, `esac`, `done`, `}`) in a hook that exits or execs
  // somewhere: its branches may all leave before the end.
  if (/^[ \t]*(?:fi|esac|done|\}|\))(?![\w-])/.test(tail) && /\b(?:exit|exec)\b/.test(text)) return null;
  return text === "" || text.endsWith("\n") ? `${text}${line}\n` : `${text}\n${line}`;
}

const BLOCK = /\b(?:if|then|else|elif|fi|for|while|until|do|done|case|esac)\b|[{}()]/;

export type HuskyUninstall = "removed" | "deleted" | "foreign" | "none";

export const uninstallHusky = (dir: string, root: string) => eachHook(dir, (file) => uninstallHuskyHook(file, root));

async function uninstallHuskyHook(file: string, root: string): Promise<HuskyUninstall> {
  const text = await readIfExists(file);
  if (text === null) return "none";
  const removed = removeLine(text);
  if (removed === null) return RUNS_CHECK.test(text) ? "foreign" : "none";
  const { without, created } = removed;
  if (created && without === "") {
    await rm(file); // mighook created it, and nothing else was ever in it
    return "deleted";
  }
  await writeFileAtomic(file, without, { root });
  return "removed";
}

/**
 * The text without mighook's line (the first marked one), and whether that
 * line says install created the file; null when there is no such line.
 * Splitting on "\n" and joining again gives back every other byte, the final
 * newline or its absence included.
 */
export function removeLine(text: string): { without: string; created: boolean } | null {
  const lines = text.split("\n");
  const at = lines.findIndex((line) => OURS.test(line));
  if (at === -1) return null;
  const created = lines[at]!.endsWith(CREATED);
  lines.splice(at, 1);
  return { without: lines.join("\n"), created };
}
