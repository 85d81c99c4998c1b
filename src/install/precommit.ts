import { execFile } from "node:child_process";
import { dirname } from "node:path";
import { ANY_INSTALLED_COMMAND } from "./command.js";
import { escape, type ManagerEdit, type ManagerRemoval } from "./lefthook.js";
import { readTextFile, writeTextFile } from "./text-file.js";
import { blockMapAt, clone, editMeans, indentAt, isSeq, keysOf, parseYaml } from "./yaml-edit.js";

// The pre-commit framework: mighook becomes a `repo: local` hook with
// `language: system`, which runs the mighook this project already has
// (mighook-staged, from node_modules/.bin or PATH): pre-commit installs
// nothing and asks no registry. It judges the whole index (a missing list
// entry lives in another file than the new migration), so it takes no file
// names and runs on every commit, deletions included.
export const PRE_COMMIT_FILE = ".pre-commit-config.yaml";

const MARK = "# mighook install added this repo; mighook uninstall removes it";

/**
 * The stage names: pre-commit 3.2 renamed `commit` and `merge-commit`, and
 * older versions (Debian 12 ships 3.0, Ubuntu 22.04 2.17) refuse the new
 * names in every commit. The installed pre-commit decides; without one, the
 * current names, and install says so.
 */
export type Stages = readonly [string, string];
const STAGES: Stages = ["pre-commit", "pre-merge-commit"];
const OLD_STAGES: Stages = ["commit", "merge-commit"];

/** The stage names for the pre-commit on PATH, and its version (null when there is none). */
export async function stagesOfInstalledPreCommit(): Promise<{ stages: Stages; version: string | null }> {
  const output = await new Promise<string>((resolve) =>
    execFile("pre-commit", ["--version"], { timeout: 10_000 }, (error, stdout) => resolve(error ? "" : String(stdout))),
  );
  const found = /(\d+)\.(\d+)(?:\.\d+)?/.exec(output);
  if (!found) return { stages: STAGES, version: null };
  const [major, minor] = [Number(found[1]), Number(found[2])];
  return { stages: major < 3 || (major === 3 && minor < 2) ? OLD_STAGES : STAGES, version: found[0] };
}

const lines = (entry: string, stages: Stages) => [
  MARK,
  "- repo: local",
  "  hooks:",
  "    - id: mighook",
  "      name: mighook",
  `      entry: ${entry}`,
  "      language: system",
  "      pass_filenames: false",
  "      always_run: true",
  `      stages: [${stages.join(", ")}]`,
];
const item = (indent: string, entry: string, stages: Stages) => lines(entry, stages).map((line) => `${indent}${line}\n`).join("");

const itemData = (entry: string, stages: Stages) => ({
  repo: "local",
  hooks: [{ id: "mighook", name: "mighook", entry, language: "system", pass_filenames: false, always_run: true, stages: [...stages] }],
});

/** What to paste under `repos:` (the same entry install appends, without the marker). */
export const preCommitSnippet = (entry: string, stages: Stages) => item("", entry, stages).split("\n").slice(1).join("\n");

/**
 * What an earlier or this mighook appended, at any indent: 0.1.0's
 * `language: node` entry that fetched mighook from the npm registry (which
 * does not have it: every commit failed), with or without stages, and this
 * version's. Group 1 is the indent.
 */
const OWN_ITEM = (() => {
  const line = (text: string) => `\\1${text}\\r?\\n`;
  const stages = `(?:${line("      stages: \\[(?:pre-commit|commit), (?:pre-merge-commit|merge-commit)\\]")})`;
  const node = [
    line("- repo: local"),
    line("  hooks:"),
    line("    - id: mighook"),
    line("      name: mighook"),
    line("      entry: mighook check --staged"),
    line("      language: node"),
    line('      additional_dependencies: \\["mighook@[^"\\n]*"\\]'),
    line("      pass_filenames: false"),
    line("      always_run: true"),
    `${stages}?`,
  ].join("");
  const system = [
    line("- repo: local"),
    line("  hooks:"),
    line("    - id: mighook"),
    line("      name: mighook"),
    line(`      entry: ${ANY_INSTALLED_COMMAND}`),
    line("      language: system"),
    line("      pass_filenames: false"),
    line("      always_run: true"),
    stages,
  ].join("");
  return new RegExp(`\\n( *)${escape(MARK)}\\r?\\n(?:${node}|${system})`);
})();

export async function installPreCommit(file: string, entry: string, stages: Stages): Promise<ManagerEdit> {
  const snippet = (reason: string): ManagerEdit => ({ kind: "snippet", reason, intro: "Add this entry to its repos list:", snippet: preCommitSnippet(entry, stages) });
  const read = (await readTextFile(file))!;
  const { text } = read;
  // An earlier mighook's entry: replaced in place by this one.
  const own = OWN_ITEM.exec(text);
  if (own) {
    const eol = own[0].includes("\r\n") ? "\r\n" : "\n";
    const current = `\n${item(own[1]!, entry, stages).replace(/\n/g, eol)}`;
    if (own[0] === current) return { kind: "present" };
    await writeTextFile(file, read, text.slice(0, own.index) + current + text.slice(own.index + own[0].length), { root: dirname(file) });
    return { kind: "updated" };
  }
  const parsed = parseYaml(text);
  if (!parsed) return snippet("mighook could not parse it");
  const data = parsed.data as { repos?: unknown };
  if (!Array.isArray(data?.repos)) return snippet("it has no repos list");
  const hooks = data.repos.flatMap((repo: { hooks?: Array<{ id?: unknown }> }) => (Array.isArray(repo?.hooks) ? repo.hooks : []));
  if (hooks.some((hook) => hook?.id === "mighook")) return { kind: "present" };
  // Appending at the end of the file lands in `repos` only when it is the
  // last key and a block sequence; otherwise say what to add.
  const root = blockMapAt(parsed.doc, []);
  const repos = parsed.doc.get("repos", true);
  if (!root || keysOf(root).at(-1) !== "repos" || !isSeq(repos) || repos.flow || !repos.range || repos.items.length === 0)
    return snippet("mighook appends to `repos:` only when it is the last key of the file, written as a block list");
  const at = indentAt(text, repos.range[0]);
  if (!at) return snippet("its repos list has an unusual layout");
  const edited = `${text}\n${item(at.indent, entry, stages)}`;
  const expected = clone(data);
  (expected.repos as unknown[]).push(itemData(entry, stages));
  if (!editMeans(edited, expected)) return snippet("mighook could not add to it without changing what it means");
  await writeTextFile(file, read, edited, { root: dirname(file) }); // the config sits at the root
  return { kind: "added" };
}

export async function uninstallPreCommit(file: string): Promise<ManagerRemoval> {
  const read = await readTextFile(file);
  if (read === null) return "none";
  const { text } = read;
  const match = OWN_ITEM.exec(text);
  if (match) {
    await writeTextFile(file, read, text.slice(0, match.index) + text.slice(match.index + match[0].length), { root: dirname(file) });
    return "removed";
  }
  return /\bid:\s*["']?mighook\b/.test(text) ? "foreign" : "none";
}
