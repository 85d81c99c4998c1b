import { dirname, extname } from "node:path";
import { readTextFile, writeTextFile } from "./text-file.js";
import { HOOK_NAMES } from "./template.js";
import { blockMapAt, clone, editMeans, indentAt, isMap, isScalar, keysOf, parseYaml } from "./yaml-edit.js";

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

/** What to paste: a mighook command in each of `hooks` (pre-commit, pre-merge-commit). */
export function lefthookSnippet(run: string, jobs = false, hooks: readonly string[] = HOOK_NAMES): string {
  return hooks
    .map((hook) => (jobs ? `${hook}:\n  jobs:\n    - name: mighook\n      run: ${run}\n` : `${hook}:\n  commands:\n    mighook:\n      run: ${run}\n`))
    .join("");
}

/** What install did; or why it did not, and what to paste where (`intro`). */
export type ManagerEdit = { kind: "added" | "present" } | { kind: "snippet"; reason: string; intro: string; snippet: string };

const RUNS_CHECK = /mighook\S*\s+check\b/;

/** One hook's part of the edit: already there, the edited text, or why not. */
type HookEdit = { kind: "present" } | { kind: "edited"; text: string } | { kind: "snippet"; reason: string; jobs: boolean };

/**
 * Adds mighook to the pre-commit and the pre-merge-commit hook (git runs the
 * latter instead for a clean merge). Both edits are made, or neither: when
 * one hook cannot be edited provably, the snippet names every hook that
 * still lacks mighook and the file is left as it was.
 */
export async function installLefthook(file: string, run: string): Promise<ManagerEdit> {
  const snippet = (reason: string, jobs = false, hooks: readonly string[] = HOOK_NAMES): ManagerEdit => ({
    kind: "snippet",
    reason,
    intro: `Add this to it, merged into ${hooks.length > 1 ? "those hooks if it has them" : "that hook if it has one"}:`,
    snippet: lefthookSnippet(run, jobs, hooks),
  });
  const ext = extname(file);
  if (ext !== ".yml" && ext !== ".yaml") return snippet("mighook edits only YAML lefthook configs");
  const read = (await readTextFile(file))!;
  let text = read.text;
  const lacking: string[] = [];
  let refusal: { reason: string; jobs: boolean } | null = null;
  for (const hook of HOOK_NAMES) {
    const edit = addToHook(text, hook, run);
    if (edit.kind === "present") continue;
    lacking.push(hook);
    if (edit.kind === "edited") text = edit.text;
    else refusal ??= edit;
  }
  if (refusal) return snippet(refusal.reason, refusal.jobs, lacking);
  if (lacking.length === 0) return { kind: "present" };
  await writeTextFile(file, read, text, { root: dirname(file) }); // lefthook configs sit at the root
  return { kind: "added" };
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
  if (current === undefined) {
    if (parsed.doc.contents !== null && !blockMapAt(parsed.doc, [])) return snippet("its top level is not a block mapping");
    edited = text + block(hook, run);
    expected[hook] = { commands: { mighook: { run } } };
  } else {
    const commands = blockMapAt(parsed.doc, [hook, "commands"]);
    if (!commands || !isMap(commands)) {
      const jobs = typeof current === "object" && current !== null && "jobs" in current;
      return snippet(jobs ? `its ${hook} hook uses jobs` : `its ${hook} hook has no \`commands:\` mapping written in block style (one key per line), which is what mighook edits`, jobs);
    }
    if (keysOf(commands).includes("mighook")) return snippet(`it already has a ${hook} command named mighook`);
    const first = commands.items[0];
    const key = first && isScalar(first.key) ? first.key : null;
    const at = key?.range ? indentAt(text, key.range[0]) : null;
    if (!key || !at) return snippet(`its ${hook} commands mapping has an unusual layout`);
    // Indent the `run:` like the first command's own keys, else two spaces.
    const inner = isMap(first!.value) && isScalar(first!.value.items[0]?.key) ? first!.value.items[0]!.key.range : undefined;
    const innerIndent = inner ? indentAt(text, inner[0]) : null;
    const step = innerIndent && innerIndent.indent.length > at.indent.length ? " ".repeat(innerIndent.indent.length - at.indent.length) : "  ";
    // Right below `commands:`, so that a comment above the first command stays with it.
    const hookMap = parsed.doc.get(hook, true);
    const commandsKey = isMap(hookMap) ? hookMap.items.find((pair) => isScalar(pair.key) && pair.key.value === "commands")?.key : undefined;
    const keyEnd = isScalar(commandsKey) && commandsKey.range ? text.indexOf("\n", commandsKey.range[1]) : -1;
    const insertAt = keyEnd !== -1 && keyEnd < at.lineStart ? keyEnd + 1 : at.lineStart;
    edited = text.slice(0, insertAt) + entry(at.indent, step, run) + text.slice(insertAt);
    const hookCopy = expected[hook] as { commands: Record<string, unknown> };
    hookCopy.commands = { mighook: { run }, ...hookCopy.commands };
  }
  if (!editMeans(edited, expected)) return snippet("mighook could not add to it without changing what it means");
  return { kind: "edited", text: edited };
}

export type ManagerRemoval = "removed" | "foreign" | "none";

/** Takes out every block and entry install wrote (one per hook), and nothing else. */
export async function uninstallLefthook(file: string): Promise<ManagerRemoval> {
  const read = await readTextFile(file);
  if (read === null) return "none";
  const original = read.text;
  const hooks = HOOK_NAMES.map(escape).join("|");
  const patterns = [
    new RegExp(`\\n${escape(BLOCK_MARK)}\\n(?:${hooks}):\\n  commands:\\n    mighook:\\n      run: [^\\n]*\\n`),
    new RegExp(`^( *)mighook: ${escape(LINE_MARK)}\\n\\1 +run: [^\\n]*\\n`, "m"),
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

export const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
