import { posix } from "node:path";
import { entryName } from "./desired.js";

// Which migration folder a Go []string list is a list of, if any: one test
// that `check` (unconfigured-list) and `init` share, so that init adopts
// exactly the lists that check would ask to add.
//
// The test is on the list's entries, never on how many of the folder's
// migrations they cover: a list that has drifted (new migrations not added)
// names few of them, and is the very list that most needs checking.

export interface ListLike {
  /** the Go file holding it */
  file: string;
  /** the entries as written ("../../migrations/001_x.sql") */
  values: readonly string[];
}

export interface FolderMatch {
  dir: string;
  /** entries that name a file of the folder */
  matched: number;
}

/** At least two entries, and at least 4 in 5 of them naming the folder's files: all or nearly all. */
export const isMigrationList = (entries: number, matched: number): boolean => entries >= 2 && matched * 5 >= entries * 4;

/**
 * The folder whose files the list names most. A tie goes to the folder the
 * entries' own paths point at (from the Go file's folder, where `go test`
 * runs), else to the first folder by name. null when it names none.
 */
export function bestFolder(list: ListLike, folders: ReadonlyMap<string, ReadonlySet<string>>): FolderMatch | null {
  const names = list.values.map(entryName);
  const pointsAt = (dir: string) =>
    list.values.filter((value) => value.includes("/") && posix.dirname(posix.join(posix.dirname(list.file), value)) === dir).length;
  let best: (FolderMatch & { pointed: number }) | null = null;
  for (const dir of [...folders.keys()].sort()) {
    const files = folders.get(dir)!;
    const matched = names.filter((name) => files.has(name)).length;
    if (matched === 0) continue;
    const pointed = pointsAt(dir);
    if (!best || matched > best.matched || (matched === best.matched && pointed > best.pointed)) best = { dir, matched, pointed };
  }
  return best && { dir: best.dir, matched: best.matched };
}
