import type { SetModel, SuiteModel } from "../model/model.js";
import type { SuiteEntry, SuiteList } from "../model/gosuite.js";
import { entryName } from "../model/desired.js";
import { MAX_VERSION, nextVersion, type Migration } from "../model/versions.js";
import { goQuote } from "../model/gosuite-edit.js";
import { encodePath, isUtf8Path, nameNote, quotePath } from "../path-bytes.js";

// Shared views of a set for the rules about suite lists.
export interface ListView {
  suite: SuiteModel;
  list: SuiteList;
}

/** Every list found in the set's suite files (unreadable ones are suite-unreadable's business). */
export function listsOf(set: SetModel): ListView[] {
  return set.suites.flatMap((suite) => (suite.parse?.ok ? suite.parse.lists.map((list) => ({ suite, list })) : []));
}

/** Lists name files by base name; a path such as "../../migrations/001_x.sql" names 001_x.sql. */
export const entryFile = (entry: SuiteEntry): string => entryName(entry.value);

/**
 * A list's entries as the files they name (`files[i]` for `entries[i]`), and
 * where each file is first named: built once per list, as four rules walk
 * every entry (a list may hold 10,000 and more).
 */
export function entryIndex(list: SuiteList): { files: string[]; first: Map<string, number> } {
  let index = ENTRY_INDEX.get(list);
  if (!index) {
    const files = list.entries.map(entryFile);
    const first = new Map<string, number>();
    for (let i = 0; i < files.length; i++) if (!first.has(files[i]!)) first.set(files[i]!, i);
    ENTRY_INDEX.set(list, (index = { files, first }));
  }
  return index;
}
const ENTRY_INDEX = new WeakMap<SuiteList, { files: string[]; first: Map<string, number> }>();

/** The set's migrations by file name; built once per set, as several rules ask (10,000 files in big repositories). */
export function migrationsByFile(set: SetModel): Map<string, Migration> {
  let byFile = BY_FILE.get(set);
  if (!byFile) BY_FILE.set(set, (byFile = new Map(set.migrations.map((m) => [m.file, m]))));
  return byFile;
}
const BY_FILE = new WeakMap<SetModel, Map<string, Migration>>();

/**
 * A file name as a Go string literal, so hints can be pasted into the list
 * (a byte that is not UTF-8 as a \x escape), with a note when its spelling is
 * not the composed (NFC) one, which looks the same.
 */
export const quote = (file: string) => goQuote(file) + nameNote(file);

/**
 * A path as a shell word, so hints can be pasted into a terminal. One that is
 * not UTF-8, or holds a control character, as bash's $'...' with its bytes
 * in octal: the exact file, for git commands.
 */
export const shellQuote = (path: string): string => {
  if (/^[\w./@%+=:,-]+$/.test(path)) return path;
  if (isUtf8Path(path) && !/[\x00-\x1f\x7f]/.test(path)) return `'${path.replace(/'/g, `'\\''`)}'`;
  let out = "$'";
  for (const byte of encodePath(path)) out += byte >= 0x20 && byte < 0x7f && byte !== 0x27 && byte !== 0x5c ? String.fromCharCode(byte) : `\\${byte.toString(8).padStart(3, "0")}`;
  return `${out}'`;
};

/**
 * A migration's path as a mighook argument: a command line reaches node as
 * UTF-8, so a path that is not UTF-8 goes as git quotes it ("...\351..."), in
 * single quotes, and mighook reads that form back (renumber).
 */
export const mighookArg = (path: string): string => (isUtf8Path(path) ? shellQuote(path) : `'${quotePath(path).replace(/'/g, `'\\''`)}'`);
/** Findings already carry file:line; the list is named the way the Go code names it. */
export const where = (view: ListView) => `list \`${view.list.name}\``;

/** The next free version text, counting the base branch's migrations too when there is one. */
export const nextFree = (set: SetModel): string => {
  const next = nextVersion([...set.migrations, ...(set.base?.migrations ?? [])]);
  return next.version > MAX_VERSION ? "(none: goose's versions end at 2^63-1)" : next.text;
};

/** With a base known, the command names it: renumber must count the base's versions too. */
export const renumberHint = (set: SetModel, path: string): string =>
  `Renumber it to the next free version ${nextFree(set)}: \`mighook renumber ${mighookArg(path)}${set.base ? ` --base ${shellQuote(set.base.ref)}` : ""}\`.`;
