import { BlobReader } from "../git/blobs.js";
import { listIndex } from "../git/repo.js";
import { git, splitZ } from "../git/run.js";
import { unmergedError } from "../source/changes.js";
import { recordedEntries } from "../source/index-source.js";
import type { Changes } from "../source/types.js";
import { decodeText } from "../model/text.js";

// init reads what git holds, not the working tree: the index, which is HEAD
// plus whatever is staged. Build output and scratch files never count, and the
// config it writes describes what the first `check --staged` will judge.
export interface IndexFiles {
  /** every regular file in the index, by path, with its blob id */
  paths: Map<string, string>;
  /** texts of the given paths, read in one batch */
  read(paths: string[]): Promise<Map<string, string>>;
  close(): void;
}

/** `changes`: the staged change, which tells intent-to-add entries (`git add -N`) apart; the commit records none. */
export async function indexFiles(root: string, changes: Changes): Promise<IndexFiles> {
  const { entries: listed, unmerged } = await listIndex(root, "all");
  if (unmerged.length) throw unmergedError(unmerged.slice(0, 3));
  const entries = await recordedEntries(root, listed, changes, "HEAD");
  // Regular files only: symlinks and submodules list no migrations.
  const paths = new Map([...entries].filter(([, e]) => e.mode === "100644" || e.mode === "100755").map(([path, e]) => [path, e.oid]));
  const blobs = new BlobReader(root);
  return {
    paths,
    async read(wanted) {
      const ids = wanted.flatMap((path) => (paths.has(path) ? [paths.get(path)!] : []));
      const found = await blobs.read(ids);
      const texts = new Map<string, string>();
      for (const path of wanted) {
        const bytes = found.get(paths.get(path) ?? "");
        if (bytes) texts.set(path, decodeText(bytes));
      }
      return texts;
    },
    close: () => blobs.close(),
  };
}

/** Go files in the index that mention ".sql": the only ones that can list migrations. */
export async function goFilesNamingSql(root: string): Promise<string[]> {
  const result = await git(["grep", "--cached", "-l", "-z", "-F", "-e", ".sql", "--", "*.go"], { cwd: root, okCodes: [1] });
  return result.code === 0 ? splitZ(result.stdout) : [];
}
