import { dirname, extname } from "node:path";
import { readTextFile, writeTextFile } from "./text-file.js";
import { HOOK_NAMES } from "./template.js";
import type { Node } from "yaml";
import { ANY_INSTALLED_COMMAND, RUNS_CHECK } from "./command.js";
import { blockMapAt, clone, editMeans, indentAt, isMap, isScalar, isSeq, keysOf, parseYaml } from "./yaml-edit.js";

// lefthook: mighook becomes one command of its pre-commit and pre-merge-commit
// hooks. lefthook's own installer keeps owning .git/hooks; mighook only edits
// lefthook.yml, and only in the two shapes it can edit provably (see
// yaml-edit.ts).
export const LEFTHOOK_FILES = [
  "lefthook.yml",
  ".lefthook.yml",
  "lefthook.yaml",
  ".lefthook.yaml",
  ".config/lefthook.yml",
  ".config/lefthook.yaml",
  "lefthook.toml",
  ".lefthook.toml",
  "lefthook.json",
  ".lefthook.json",
];

const BLOCK_MARK = "# mighook install added this; mighook uninstall removes it";
const LINE_MARK = "# added by mighook install";

/** Appended when the config has no such hook yet. */
const block = (hook: string, run: string) => `\n${BLOCK_MARK}\n${hook}:\n  commands:\n    mighook:\n      run: ${run}\n`;
/** Inserted as the first command of an existing `commands:` mapping. */
const entry = (indent: string, step: string, run: string) => `${indent}mighook: ${LINE_MARK}\n${indent}${step}run: ${run}\n`;
/** Inserted as the first job of an existing `jobs:` list (`dash` is the indent, "-" and the gap after it). */
const job = (dash: string, run: string) => `${dash}name: mighook ${LINE_MARK}\n${" ".repeat(dash.length)}run: ${run}\n`;

/** What to paste: a mighook command in each of `hooks` (pre-commit, pre-merge-commit). */
export function lefthookSnippet(run: string, jobs = false, hooks: readonly string[] = HOOK_NAMES): string {
  return hooks
    .map((hook) => (jobs ? `${hook}:\n  jobs:\n    - name: mighook\n      run: ${run}\n` : `${hook}:\n  commands:\n    mighook:\n      run: ${run}\n`))
    .join("");
}

/** What install did ("updated": an earlier mighook's command, rewritten); or why it did not, and what to paste where (`intro`). */
export type ManagerEdit = { kind: "added" | "updated" | "present" } | { kind: "snippet"; reason: string; intro: string; snippet: string };

/** One hook's part of the edit: already there, the edited text, or why not. */
type HookEdit = { kind: "present" } | { kind: "edited"; text: string } | { kind: "snippet"; reason: string; jobs: boolean };

export const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const HOOKS = HOOK_NAMES.map(escape).join("|");

/** Every `run:` that mighook marked, from any version: the appended block, a command entry, a job entry. */
const OWN_RUNS = [
  new RegExp(`(\\n${escape(BLOCK_MARK)}\\r?\\n(?:${HOOKS}):\\r?\\n  commands:\\r?\\n    mighook:\\r?\\n      run: )(${ANY_INSTALLED_COMMAND})(\\r?\\n)`, "g"),
  new RegExp(`^( *mighook: ${escape(LINE_MARK)}\\r?\\n +run: )(${ANY_INSTALLED_COMMAND})(\\r?\\n)`, "gm"),
  new RegExp(`^( *- +name: mighook ${escape(LINE_MARK)}\\r?\\n +run: )(${ANY_INSTALLED_COMMAND})(\\r?\\n)`, "gm"),
];
const upgradeRuns = (text: string, run: string, patterns: RegExp[]) =>
  patterns.reduce((t, pattern) => t.replace(pattern, (_, head: string, _old: string, tail: string) => `${head}${run}${tail}`), text);

/**
 * Adds mighook to the pre-commit and the pre-merge-commit hook (git runs the
 * latter instead for a clean merge). Both edits are made, or neither: when
 * one hook cannot be edited provably, the snippet names every hook that
 * still lacks mighook and the file is left as it was. What an earlier
 * mighook wrote is brought up to date first.
 */
export async function installLefthook(file: string, run: string): Promise<ManagerEdit> {
  const ext = extname(file);
  const toml = ext === ".toml";
  const snippet = (reason: string, jobs = false, hooks: readonly string[] = HOOK_NAMES): ManagerEdit => ({
    kind: "snippet",
    reason,
    intro: toml ? "Add this to it:" : `Add this to it, merged into ${hooks.length > 1 ? "those hooks if it has them" : "that hook if it has one"}:`,
    snippet: toml ? hooks.map((hook) => tomlBlock(hook, run, jobs).replace(/^\n.*\n/, "")).join("\n") : lefthookSnippet(run, jobs, hooks),
  });
  if (ext !== ".yml" && ext !== ".yaml" && !toml) return snippet("mighook edits only YAML and TOML lefthook configs");
  const read = (await readTextFile(file))!;
  let text = upgradeRuns(read.text, toml ? JSON.stringify(run) : run, toml ? TOML_OWN_RUNS : OWN_RUNS);
  const lacking: string[] = [];
  let refusal: { reason: string; jobs: boolean } | null = null;
  for (const hook of HOOK_NAMES) {
    const edit = toml ? addToTomlHook(text, hook, run) : addToHook(text, hook, run);
    if (edit.kind === "present") continue;
    lacking.push(hook);
    if (edit.kind === "edited") text = edit.text;
    else refusal ??= edit;
  }
  if (refusal) return snippet(refusal.reason, refusal.jobs, lacking);
  if (text === read.text) return { kind: "present" };
  await writeTextFile(file, read, text, { root: dirname(file) }); // lefthook configs sit at the root
  return { kind: lacking.length ? "added" : "updated" };
}

function addToHook(text: string, hook: string, run: string): HookEdit {
  const snippet = (reason: string, jobs = false): HookEdit => ({ kind: "snippet", reason, jobs });
  const parsed = parseYaml(text);
  if (!parsed) return snippet("mighook could not parse it");
  const data = parsed.data as Record<string, unknown>;
  if (typeof data !== "object" || Array.isArray(data) || data === null) return snippet("its top level is not a mapping");
  const current = data[hook];
  if (current !== undefined && RUNS_CHECK.test(JSON.stringify(current))) return { kind: "present" };

  let edited: string;
  const expected = clone(data);
  const hookMap = parsed.doc.get(hook, true);
  // Right below `key:` of the hook, so that a comment above its first item stays with that item.
  const belowKey = (key: string, fallback: number) => {
    const found = isMap(hookMap) ? hookMap.items.find((pair) => isScalar(pair.key) && pair.key.value === key)?.key : undefined;
    const keyEnd = isScalar(found) && found.range ? text.indexOf("\n", found.range[1]) : -1;
    return keyEnd !== -1 && keyEnd < fallback ? keyEnd + 1 : fallback;
  };
  const jobsNode = parsed.doc.getIn([hook, "jobs"], true);
  if (current === undefined) {
    if (parsed.doc.contents !== null && !blockMapAt(parsed.doc, [])) return snippet("its top level is not a block mapping");
    edited = text + block(hook, run);
    expected[hook] = { commands: { mighook: { run } } };
  } else if (isSeq(jobsNode)) {
    // lefthook's jobs: a list; mighook's job goes first, in the first job's layout.
    const jobs = (current as { jobs: unknown[] }).jobs;
    if (jobsNode.flow || jobs.length === 0 || !blockMapAt(parsed.doc, [hook])) return snippet(`its ${hook} jobs are not a block list mighook can add to`, true);
    if (jobs.some((j) => (j as { name?: unknown } | null)?.name === "mighook")) return snippet(`it already has a ${hook} job named mighook`, true);
    const first = jobsNode.items[0] as Node;
    if (!isMap(first) || !first.range) return snippet(`its ${hook} jobs have an unusual layout`, true);
    const lineStart = text.lastIndexOf("\n", first.range[0] - 1) + 1;
    const dash = text.slice(lineStart, first.range[0]);
    if (!/^ *- +$/.test(dash)) return snippet(`its ${hook} jobs have an unusual layout`, true);
    const insertAt = belowKey("jobs", lineStart);
    edited = text.slice(0, insertAt) + job(dash, run) + text.slice(insertAt);
    (expected[hook] as { jobs: unknown[] }).jobs = [{ name: "mighook", run }, ...jobs];
  } else {
    const commands = blockMapAt(parsed.doc, [hook, "commands"]);
    if (!commands || !isMap(commands))
      return snippet(`its ${hook} hook has no \`commands:\` mapping or \`jobs:\` list written in block style (one entry per line), which is what mighook edits`);
    if (keysOf(commands).includes("mighook")) return snippet(`it already has a ${hook} command named mighook`);
    const first = commands.items[0];
    const key = first && isScalar(first.key) ? first.key : null;
    const at = key?.range ? indentAt(text, key.range[0]) : null;
    if (!key || !at) return snippet(`its ${hook} commands mapping has an unusual layout`);
    // Indent the `run:` like the first command's own keys, else two spaces.
    const inner = isMap(first!.value) && isScalar(first!.value.items[0]?.key) ? first!.value.items[0]!.key.range : undefined;
    const innerIndent = inner ? indentAt(text, inner[0]) : null;
    const step = innerIndent && innerIndent.indent.length > at.indent.length ? " ".repeat(innerIndent.indent.length - at.indent.length) : "  ";
    const insertAt = belowKey("commands", at.lineStart);
    edited = text.slice(0, insertAt) + entry(at.indent, step, run) + text.slice(insertAt);
    const hookCopy = expected[hook] as { commands: Record<string, unknown> };
    hookCopy.commands = { mighook: { run }, ...hookCopy.commands };
  }
  if (!editMeans(edited, expected)) return snippet("mighook could not add to it without changing what it means");
  return { kind: "edited", text: edited };
}

export type ManagerRemoval = "removed" | "foreign" | "none";

/** Takes out every block and entry install wrote (one per hook), from any version, and nothing else. */
export async function uninstallLefthook(file: string): Promise<ManagerRemoval> {
  const read = await readTextFile(file);
  if (read === null) return "none";
  const original = read.text;
  const patterns = [
    new RegExp(`\\n${escape(BLOCK_MARK)}\\n(?:${HOOKS}):\\n  commands:\\n    mighook:\\n      run: [^\\n]*\\n`),
    new RegExp(`^( *)mighook: ${escape(LINE_MARK)}\\n\\1 +run: [^\\n]*\\n`, "m"),
    new RegExp(`^( *)-( +)name: mighook ${escape(LINE_MARK)}\\n\\1 \\2run: [^\\n]*\\n`, "m"),
    ...TOML_OWN_BLOCKS,
  ];
  let text = original;
  for (const pattern of patterns)
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) text = text.slice(0, match.index) + text.slice(match.index + match[0].length);
  if (text !== original) {
    await writeTextFile(file, read, text, { root: dirname(file) });
    return "removed";
  }
  return RUNS_CHECK.test(original) ? "foreign" : "none";
}

// lefthook.toml: with no TOML parser at hand, mighook only appends a whole
// table at the end of the file (TOML means the same wherever the other tables
// are), and only when the file's own lines show that table is free: no
// multi-line strings (whose lines could look like headers), no key or inline
// table that already defines the hook, its commands or its jobs.

/** The appended table: a command, or one more job of an array of tables. */
const tomlBlock = (hook: string, run: string, jobs: boolean) =>
  jobs
    ? `\n${BLOCK_MARK}\n[[${hook}.jobs]]\nname = "mighook"\nrun = ${JSON.stringify(run)}\n`
    : `\n${BLOCK_MARK}\n[${hook}.commands.mighook]\nrun = ${JSON.stringify(run)}\n`;
const TOML_HEADERS = `\\[\\[(?:${HOOKS})\\.jobs\\]\\]\\r?\\nname = "mighook"|\\[(?:${HOOKS})\\.commands\\.mighook\\]`;
const TOML_OWN_RUNS = [new RegExp(`(\\n${escape(BLOCK_MARK)}\\r?\\n(?:${TOML_HEADERS})\\r?\\nrun = )("${ANY_INSTALLED_COMMAND}")(\\r?\\n)`, "g")];
const TOML_OWN_BLOCKS = [new RegExp(`\\n${escape(BLOCK_MARK)}\\n(?:${TOML_HEADERS})\\nrun = "[^"\\n]*"\\n`)];

/** A TOML text's tables, each with the lines of its body; the root first (header ""). Quotes in headers are dropped. */
function tomlTables(text: string): Array<{ header: string; array: boolean; body: string[] }> {
  const tables = [{ header: "", array: false, body: [] as string[] }];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\r$/, "");
    const header = /^\s*(\[\[?)\s*([^\]]*?)\s*\]\]?\s*(?:#.*)?$/.exec(line);
    if (header) tables.push({ header: header[2]!.replace(/\s*\.\s*/g, ".").replace(/["']/g, ""), array: header[1] === "[[", body: [] });
    else tables.at(-1)!.body.push(line);
  }
  return tables;
}

function addToTomlHook(text: string, hook: string, run: string): HookEdit {
  const snippet = (reason: string, jobs = false): HookEdit => ({ kind: "snippet", reason, jobs });
  if (text.includes('"""') || text.includes("'''")) return snippet("it holds multi-line strings, and mighook reads TOML only line by line");
  const tables = tomlTables(text);
  const ofHook = tables.filter((t) => t.header === hook || t.header.startsWith(`${hook}.`));
  if (RUNS_CHECK.test(ofHook.flatMap((t) => t.body).join("\n"))) return { kind: "present" };
  const keyed = (lines: string[], key: string) => lines.some((line) => new RegExp(`^\\s*["']?${escape(key)}["']?\\s*[.=]`).test(line));
  // The hook, or its commands or jobs, defined by a key rather than a table header.
  if (keyed(tables[0]!.body, hook) || ofHook.some((t) => t.header === hook && (keyed(t.body, "commands") || keyed(t.body, "jobs"))))
    return snippet(`its ${hook} hook is written with keys or inline tables, where mighook adds only whole tables`);
  const jobs = ofHook.some((t) => t.header === `${hook}.jobs` && t.array);
  if (jobs && ofHook.some((t) => t.header.startsWith(`${hook}.commands`))) return snippet(`its ${hook} hook has both commands and jobs`);
  if (ofHook.some((t) => t.header === `${hook}.commands.mighook` || (t.header === `${hook}.commands` && keyed(t.body, "mighook"))))
    return snippet(`it already has a ${hook} command named mighook`);
  // The block starts with a newline: after a last line without one, uninstall gives back exactly that.
  return { kind: "edited", text: text + tomlBlock(hook, run, jobs) };
}
