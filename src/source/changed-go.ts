import { PICKAXE_REGEX } from "../fastpath/cache.js";
import { decodeText } from "../model/text.js";
import type { Changes, Source } from "./types.js";

// The Go files of a change that may hold a new or edited list of migrations,
// for unconfigured-list. Kept light (no parser, no zod): the hook asks it
// before deciding whether a commit concerns migrations at all.

export interface ChangedGoFile {
  path: string;
  /** the file as the change leaves it */
  text: string;
  /** the file where the change starts from; null when the change adds it */
  before: string | null;
}

/**
 * A line naming a migration file: the hook's shell pre-check asks git for the
 * same (`git diff -G` with this very pattern), so the two agree by construction.
 */
export const NAMES_MIGRATION = new RegExp(PICKAXE_REGEX);

/**
 * Changed (added or modified) .go files whose lines naming migration files
 * (NAMES_MIGRATION) differ from before: those lines, in order, are not the
 * same. Exactly then does any diff of the file add or remove such a line, so
 * a file passes here only if the pre-check's `git diff -G` lists it too: the
 * shell pre-check, which starts mighook only for such files, misses nothing
 * this finds. Blobs come through the source's one reader; no other git process runs.
 */
export async function changedGoFiles(source: Source, changes: Changes): Promise<ChangedGoFile[]> {
  const paths = [...changes].flatMap(([path, kind]) => ((kind === "added" || kind === "modified") && /\.go$/i.test(path) ? [path] : []));
  if (paths.length === 0) return [];
  const after = await readEach(source, paths);
  // A list that names a migration file must name one somewhere in the file.
  const texts = new Map([...after].flatMap(([path, bytes]) => {
    const text = decodeText(bytes);
    return NAMES_MIGRATION.test(text) ? [[path, text] as const] : [];
  }));
  if (texts.size === 0) return [];
  const before = await source.readBefore([...texts.keys()]);
  const files: ChangedGoFile[] = [];
  for (const [path, text] of texts) {
    const old = before.get(path);
    const was = old === undefined ? null : decodeText(old);
    if (was === null || !sameSqlLines(was, text)) files.push({ path, text, before: was });
  }
  return files;
}

const sqlLines = (text: string) => text.split("\n").filter((line) => NAMES_MIGRATION.test(line));

function sameSqlLines(a: string, b: string): boolean {
  const x = sqlLines(a);
  const y = sqlLines(b);
  return x.length === y.length && x.every((line, i) => line === y[i]);
}

/**
 * The files' bytes, all in one read; if that fails (a working-tree file that
 * is a FIFO, or too large to read), one by one, leaving out those that fail:
 * a Go file mighook can't read holds no list it could judge.
 */
async function readEach(source: Source, paths: string[]): Promise<Map<string, Buffer>> {
  try {
    return await source.readFiles(paths);
  } catch {
    const contents = new Map<string, Buffer>();
    for (const path of paths) {
      const one = await source.readFiles([path]).catch(() => new Map<string, Buffer>());
      for (const [p, bytes] of one) contents.set(p, bytes);
    }
    return contents;
  }
}
