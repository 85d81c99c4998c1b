import { execFile } from "node:child_process";
import { dirname } from "node:path";
import { readTextFile, writeTextFile } from "./text-file.js";
import { escape, type ManagerEdit, type ManagerRemoval } from "./lefthook.js";
import { blockMapAt, clone, editMeans, indentAt, isSeq, keysOf, parseYaml } from "./yaml-edit.js";

// The pre-commit framework: mighook becomes a `repo: local` hook with
// `language: node`, so pre-commit installs mighook into its own environment
// once (`pre-commit install-hooks`) and every commit runs it offline. This
// works in repositories without package.json, such as Go services.
export const PRE_COMMIT_FILE = ".pre-commit-config.yaml";

const MARK = "# mighook install added this repo; mighook uninstall removes it";

/**
 * The stage names: pre-commit 3.2 renamed `commit` and `merge-commit`, and
 * older versions (Debian 12 ships 3.0, Ubuntu 22.04 2.17) refuse the new
 * names in every commit. The installed pre-commit decides; without one, the
 * current names.
 */
export type Stages = readonly [string, string];
const STAGES: Stages = ["pre-commit", "pre-merge-commit"];
const OLD_STAGES: Stages = ["commit", "merge-commit"];

export async function stagesOfInstalledPreCommit(): Promise<Stages> {
  const version = await new Promise<string>((resolve) =>
    execFile("pre-commit", ["--version"], { timeout: 10_000 }, (error, stdout) => resolve(error ? "" : String(stdout))),
  );
  const [major, minor] = (/(\d+)\.(\d+)/.exec(version) ?? []).slice(1).map(Number);
  return major !== undefined && minor !== undefined && (major < 3 || (major === 3 && minor < 2)) ? OLD_STAGES : STAGES;
}

const item = (indent: string, dependency: string, stages: Stages = STAGES) =>
  [
    MARK,
    "- repo: local",
    "  hooks:",
    "    - id: mighook",
    "      name: mighook",
    "      entry: mighook check --staged",
    "      language: node",
    `      additional_dependencies: ["${dependency}"]`,
    "      pass_filenames: false",
    "      always_run: true",
    `      stages: [${stages.join(", ")}]`,
  ]
    .map((line) => `${indent}${line}\n`)
    .join("");

const itemData = (dependency: string, stages: Stages) => ({
  repo: "local",
  hooks: [
    {
      id: "mighook",
      name: "mighook",
      entry: "mighook check --staged",
      language: "node",
      additional_dependencies: [dependency],
      pass_filenames: false,
      always_run: true,
      stages: [...stages],
    },
  ],
});

/** What to paste under `repos:` (the same entry install appends, without the marker). */
export const preCommitSnippet = (dependency: string, stages: Stages = STAGES) => item("", dependency, stages).split("\n").slice(1).join("\n");

export async function installPreCommit(file: string, dependency: string, stages: Stages = STAGES): Promise<ManagerEdit> {
  const snippet = (reason: string): ManagerEdit => ({ kind: "snippet", reason, intro: "Add this entry to its repos list:", snippet: preCommitSnippet(dependency, stages) });
  const read = (await readTextFile(file))!;
  const text = read.text;
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
  const edited = `${text}\n${item(at.indent, dependency, stages)}`;
  const expected = clone(data);
  (expected.repos as unknown[]).push(itemData(dependency, stages));
  if (!editMeans(edited, expected)) return snippet("mighook could not add to it without changing what it means");
  await writeTextFile(file, read, edited, { root: dirname(file) }); // the config sits at the root
  return { kind: "added" };
}

export async function uninstallPreCommit(file: string): Promise<ManagerRemoval> {
  const read = await readTextFile(file);
  if (read === null) return "none";
  const { text } = read;
  const marker = new RegExp(`\\n( *)${escape(MARK)}\\n`).exec(text);
  if (marker) {
    // The exact lines install wrote, whatever version it pinned and stage names it used then.
    const written = escape(item(marker[1]!, "\0", ["\x01", "\x02"]));
    const pattern = new RegExp(
      `\\n${written.replace("\0", '[^"\\n]*').replace("\x01", "(?:pre-commit|commit)").replace("\x02", "(?:pre-merge-commit|merge-commit)")}`,
    );
    const match = pattern.exec(text);
    if (match) {
      await writeTextFile(file, read, text.slice(0, match.index) + text.slice(match.index + match[0].length), { root: dirname(file) });
      return "removed";
    }
  }
  return /\bid:\s*["']?mighook\b/.test(text) ? "foreign" : "none";
}
