import { mkdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { writablePath, writeFileAtomic } from "../files.js";
import { lineEnding, readTextFile, writeTextFile } from "./text-file.js";
import { ANY_INSTALLED_COMMAND } from "./command.js";
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
/** mighook's line as this or any earlier version wrote it (the command it ran is group 1's neighbour). */
const OURS = new RegExp(`^${ANY_INSTALLED_COMMAND} (${ADDED}|${CREATED})\\r?$`);

/**
 * husky 8 runs a hook file as it is: without its first two lines, which
 * source husky.sh, `HUSKY=0` would not skip it. A file mighook creates for
 * husky 8 starts with them, as `husky add` writes them.
 */
export const HUSKY_8_HEAD = '#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n\n';

/** Any line that already runs mighook's check, however the team spelled it. */
const RUNS_CHECK = /^[ \t]*(?:npx[ \t]+(?:--no(?:-install)?[ \t]+)?)?(?:\S*\/)?mighook(?:-staged\b|[ \t]+check\b)/m;

/** "manual": the file ends in a way mighook can't safely add to; the user places the line. "updated": an earlier mighook's line, rewritten. */
export type HuskyInstall = "added" | "created" | "updated" | "present" | "manual";

/** Does `work` on each hook file mighook runs in (pre-commit, pre-merge-commit); each hook's result. */
async function eachHook<T>(dir: string, work: (file: string) => Promise<T>): Promise<Array<{ hook: string; file: string; result: T }>> {
  const results: Array<{ hook: string; file: string; result: T }> = [];
  for (const hook of HOOK_NAMES) results.push({ hook, file: join(dir, hook), result: await work(join(dir, hook)) });
  return results;
}

export async function installHusky(dir: string, root: string, command: string, major: 8 | 9 = 9) {
  // Every file is checked before any is written: a refusal leaves both as they were.
  await eachHook(dir, async (file) => (await readTextFile(file), await writablePath(file, root)));
  return eachHook(dir, (file) => installHuskyHook(file, root, command, major));
}

async function installHuskyHook(file: string, root: string, command: string, major: 8 | 9): Promise<HuskyInstall> {
  const head = major === 8 ? HUSKY_8_HEAD : "";
  const found = await readTextFile(file);
  if (found === null) {
    await mkdir(dirname(file), { recursive: true });
    await writeFileAtomic(file, `${head}${huskyLine(command, CREATED)}\n`, { mode: 0o755, root });
    return "created";
  }
  const upgraded = upgradeLine(found.text, command, head);
  if (upgraded !== null) {
    if (upgraded === found.text) return "present";
    await writeTextFile(file, found, upgraded, { root });
    return "updated";
  }
  if (RUNS_CHECK.test(found.text)) return "present";
  const edited = withLine(found.text, huskyLine(command));
  if (edited === null) return "manual";
  await writeTextFile(file, found, edited, { root });
  return "added";
}

/**
 * The text with mighook's own line (from any version) running `command`;
 * null when it has none. A file an earlier mighook created for husky 8
 * without husky.sh's lines gets them now.
 */
function upgradeLine(text: string, command: string, head: string): string | null {
  const lines = text.split("\n");
  const at = lines.findIndex((line) => OURS.test(line));
  if (at === -1) return null;
  const mark = OURS.exec(lines[at]!)![1]!;
  lines[at] = huskyLine(command, mark) + (lines[at]!.endsWith("\r") ? "\r" : "");
  const result = lines.join("\n");
  return mark === CREATED && head && !result.startsWith(head) && lines.filter((line) => line !== "").length === 1 ? head + result : result;
}

/**
 * The text with mighook's line added just before the hook's last command, or
 * null when the hook is more than a plain list of one-line commands.
 *
 * Before the last command, not after it: in `npm run lint && npm test`, a
 * failing lint makes the hook fail only as its last status, which a line
 * appended after it would replace. And nothing before the last command can
 * leave the hook early, because the hook must be plain: no exit, exec or
 * return but as the last command, no blocks, functions, subshells, heredocs,
 * continued lines, strings spanning lines or `set +e`. Anything else is shell
 * structure that a line-based edit could break, so the user places the line
 * (install prints it). A file without a final newline keeps that style, and
 * `removeLine` gives back exactly the bytes that were there.
 */
export function withLine(text: string, line: string): string | null {
  const lines = text.split("\n");
  const commands: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const code = plainCode(lines[i]!);
    if (code === null) return null;
    if (code !== "") commands.push(i);
  }
  const at = commands.at(-1);
  const lastCode = at === undefined ? "" : plainCode(lines[at]!)!;
  const leaves = (code: string) => /(?:^|[;&|!]\s*)(?:exit|exec|return)\b/.test(code);
  if (commands.slice(0, -1).some((i) => leaves(plainCode(lines[i]!)!))) return null;
  if (leaves(lastCode) && !/^(?:exit\s+\d+|exec\s+[^;&|]+)$/.test(lastCode)) return null; // `exit $?`, `x; exit`: status or flow we'd change
  // Nothing to go before, or only setup to go after (husky 8's `. "$(dirname …)/_/husky.sh"` re-runs the hook).
  // A CRLF file gets a CRLF line, except after a last line without one: a
  // lone "\n" there lets uninstall give back exactly the bytes that were there.
  const cr = lineEnding(text) === "\r\n" ? "\r" : "";
  if (at === undefined || /^(?:\.|source)\s/.test(lastCode)) return text === "" || text.endsWith("\n") ? `${text}${line}${cr}\n` : `${text}\n${line}`;
  lines.splice(at, 0, `${line}${cr}`);
  return lines.join("\n");
}

/**
 * A line's code outside quotes and comments ("" for a blank or comment line),
 * with quoted text blanked; null when the line is not a plain one-line
 * command (see withLine).
 */
function plainCode(raw: string): string | null {
  const text = raw.replace(/\r$/, "");
  if (HUSKY_8_HEADER.test(text)) return ". husky.sh";
  let code = "";
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
      continue;
    }
    if (c === "\\") {
      if (i === text.length - 1) return null; // a continued line
      i++;
      code += quote ? "" : "x";
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === "`") return null;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      code += "x";
    } else if (c === "#" && (i === 0 || /\s/.test(text[i - 1]!))) break;
    else code += c;
  }
  if (quote) return null; // a string that runs on past the line
  code = code.trim();
  if (/(?:\|\||&&|\|)$/.test(code) || /<<|[(){}`]/.test(code)) return null;
  if (/(?:^|[;&|!\s])(?:if|then|else|elif|fi|for|while|until|do|done|case|esac|function|select)(?:$|[;&|\s])/.test(code)) return null;
  if (/\bset\s+(?:\S*\s+)*(?:\+\w*e|\+o\s+errexit)\b/.test(code)) return null;
  return code;
}

/** husky 8's first line, which sources husky.sh (and so re-runs the hook with `sh -e`). */
const HUSKY_8_HEADER = /^\.\s+"\$\(dirname\s+(?:--\s+)?"\$0"\)\/_\/husky\.sh"\s*$/;

export type HuskyUninstall = "removed" | "deleted" | "foreign" | "none";

export const uninstallHusky = (dir: string, root: string) => eachHook(dir, (file) => uninstallHuskyHook(file, root));

async function uninstallHuskyHook(file: string, root: string): Promise<HuskyUninstall> {
  const read = await readTextFile(file);
  if (read === null) return "none";
  const { text } = read;
  const removed = removeLine(text);
  if (removed === null) return RUNS_CHECK.test(text) ? "foreign" : "none";
  const { without, created } = removed;
  if (created && (without === "" || without === HUSKY_8_HEAD)) {
    await rm(file); // mighook created it, and nothing else was ever in it
    return "deleted";
  }
  await writeTextFile(file, read, without, { root });
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
  const created = lines[at]!.replace(/\r$/, "").endsWith(CREATED);
  lines.splice(at, 1);
  return { without: lines.join("\n"), created };
}
