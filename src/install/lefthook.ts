import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { readIfExists, writeFileAtomic } from "./files.js";
import { blockMapAt, clone, editMeans, indentAt, isMap, isScalar, keysOf, parseYaml } from "./yaml-edit.js";

// lefthook: mighook becomes one command of its pre-commit hook. lefthook's own
// installer keeps owning .git/hooks; mighook only edits lefthook.yml, and only
// in the two shapes it can edit provably (see yaml-edit.ts).
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

/** Appended when the config has no pre-commit hook yet. */
const block = (run: string) => `\n${BLOCK_MARK}\npre-commit:\n  commands:\n    mighook:\n      run: ${run}\n`;
/** Inserted as the first command of an existing `commands:` mapping. */
const entry = (indent: string, step: string, run: string) => `${indent}mighook: ${LINE_MARK}\n${indent}${step}run: ${run}\n`;

export function lefthookSnippet(run: string, jobs = false): string {
  return jobs
    ? `pre-commit:\n  jobs:\n    - name: mighook\n      run: ${run}\n`
    : `pre-commit:\n  commands:\n    mighook:\n      run: ${run}\n`;
}

/** What install did; or why it did not, and what to paste where (`intro`). */
export type ManagerEdit = { kind: "added" | "present" } | { kind: "snippet"; reason: string; intro: string; snippet: string };

const RUNS_CHECK = /mighook\S*\s+check\b/;

export async function installLefthook(file: string, run: string): Promise<ManagerEdit> {
  const snippet = (reason: string, jobs = false): ManagerEdit => ({
    kind: "snippet",
    reason,
    intro: "Add this to it, merged into the pre-commit hook if it has one:",
    snippet: lefthookSnippet(run, jobs),
  });
  const ext = extname(file);
  if (ext !== ".yml" && ext !== ".yaml") return snippet("mighook edits only YAML lefthook configs");
  const text = await readFile(file, "utf8");
  const parsed = parseYaml(text);
  if (!parsed) return snippet("mighook could not parse it");
  const data = parsed.data as Record<string, unknown>;
  if (typeof data !== "object" || Array.isArray(data) || data === null) return snippet("its top level is not a mapping");
  const hook = data["pre-commit"];
  if (hook !== undefined && RUNS_CHECK.test(JSON.stringify(hook))) return { kind: "present" };

  let edited: string | null = null;
  const expected = clone(data);
  if (hook === undefined) {
    if (parsed.doc.contents !== null && !blockMapAt(parsed.doc, [])) return snippet("its top level is not a block mapping");
    edited = text + block(run);
    expected["pre-commit"] = { commands: { mighook: { run } } };
  } else {
    const commands = blockMapAt(parsed.doc, ["pre-commit", "commands"]);
    if (!commands || !isMap(commands)) {
      const jobs = typeof hook === "object" && hook !== null && "jobs" in hook;
      return snippet(jobs ? "its pre-commit hook uses jobs" : "its pre-commit hook has no commands mapping", jobs);
    }
    if (keysOf(commands).includes("mighook")) return snippet("it already has a pre-commit command named mighook");
    const first = commands.items[0];
    const key = first && isScalar(first.key) ? first.key : null;
    const at = key?.range ? indentAt(text, key.range[0]) : null;
    if (!key || !at) return snippet("its commands mapping has an unusual layout");
    // Indent the `run:` like the first command's own keys, else two spaces.
    const inner = isMap(first!.value) && isScalar(first!.value.items[0]?.key) ? first!.value.items[0]!.key.range : undefined;
    const innerIndent = inner ? indentAt(text, inner[0]) : null;
    const step = innerIndent && innerIndent.indent.length > at.indent.length ? " ".repeat(innerIndent.indent.length - at.indent.length) : "  ";
    // Right below `commands:`, so that a comment above the first command stays with it.
    const hookMap = parsed.doc.get("pre-commit", true);
    const commandsKey = isMap(hookMap) ? hookMap.items.find((pair) => isScalar(pair.key) && pair.key.value === "commands")?.key : undefined;
    const keyEnd = isScalar(commandsKey) && commandsKey.range ? text.indexOf("\n", commandsKey.range[1]) : -1;
    const insertAt = keyEnd !== -1 && keyEnd < at.lineStart ? keyEnd + 1 : at.lineStart;
    edited = text.slice(0, insertAt) + entry(at.indent, step, run) + text.slice(insertAt);
    const hookCopy = expected["pre-commit"] as { commands: Record<string, unknown> };
    hookCopy.commands = { mighook: { run }, ...hookCopy.commands };
  }
  if (!editMeans(edited, expected)) return snippet("mighook could not add to it without changing what it means");
  await writeFileAtomic(file, edited);
  return { kind: "added" };
}

export type ManagerRemoval = "removed" | "foreign" | "none";

export async function uninstallLefthook(file: string): Promise<ManagerRemoval> {
  const text = await readIfExists(file);
  if (text === null) return "none";
  const patterns = [
    new RegExp(`\\n${escape(BLOCK_MARK)}\\npre-commit:\\n  commands:\\n    mighook:\\n      run: [^\\n]*\\n`),
    new RegExp(`^( *)mighook: ${escape(LINE_MARK)}\\n\\1 +run: [^\\n]*\\n`, "m"),
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (!match) continue;
    await writeFileAtomic(file, text.slice(0, match.index) + text.slice(match.index + match[0].length));
    return "removed";
  }
  return RUNS_CHECK.test(text) ? "foreign" : "none";
}

export const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
