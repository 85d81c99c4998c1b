import type { SetModel, SuiteModel } from "../model/model.js";
import type { SuiteEntry, SuiteList } from "../model/gosuite.js";
import { entryName } from "../model/desired.js";
import { nextVersion, type Migration } from "../model/versions.js";

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

/** The set's migrations by file name; built once per set, as several rules ask (10,000 files in big repositories). */
export function migrationsByFile(set: SetModel): Map<string, Migration> {
  let byFile = BY_FILE.get(set);
  if (!byFile) BY_FILE.set(set, (byFile = new Map(set.migrations.map((m) => [m.file, m]))));
  return byFile;
}
const BY_FILE = new WeakMap<SetModel, Map<string, Migration>>();

/** A file name as a Go string literal, so hints can be pasted into the list. */
export const quote = (file: string) => JSON.stringify(file);

/** A path as a shell word, so hints can be pasted into a terminal. */
export const shellQuote = (path: string) => (/^[\w./@%+=:,-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`);
/** Findings already carry file:line; the list is named the way the Go code names it. */
export const where = (view: ListView) => `list \`${view.list.name}\``;

/** The next free version text, counting the base branch's migrations too when there is one. */
export const nextFree = (set: SetModel): string => nextVersion([...set.migrations, ...(set.base?.migrations ?? [])]).text;

/** With a base known, the command names it: renumber must count the base's versions too. */
export const renumberHint = (set: SetModel, path: string): string =>
  `Renumber it to the next free version ${nextFree(set)}: \`mighook renumber ${shellQuote(path)}${set.base ? ` --base ${shellQuote(set.base.ref)}` : ""}\`.`;
