import { MighookError } from "../errors.js";
import { BlobReader } from "../git/blobs.js";
import { git, splitZ } from "../git/run.js";
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

export async function indexFiles(root: string): Promise<IndexFiles> {
  const output = await git(["ls-files", "--stage", "-z"], { cwd: root });
  const paths = new Map<string, string>();
  const unmerged = new Set<string>();
  for (const record of splitZ(output.stdout)) {
    const tab = record.indexOf("\t");
    const [mode, oid, stage] = record.slice(0, tab).split(" ");
    const path = record.slice(tab + 1);
    if (stage !== "0") unmerged.add(path);
    else if (mode === "100644" || mode === "100755") paths.set(path, oid!);
  }
  if (unmerged.size)
    throw new MighookError(`unmerged paths in the index: ${[...unmerged].slice(0, 3).join(", ")}`, "Finish the merge first, then run `mighook init`.");
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
