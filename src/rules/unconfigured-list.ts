import { CONFIG_FILE } from "../config/types.js";
import { desiredMigrations, entryName } from "../model/desired.js";
import { findStringLists, type SuiteList } from "../model/gosuite.js";
import { diffLines } from "../model/line-diff.js";
import { bestFolder, isMigrationList } from "../model/list-finder.js";
import type { Model, SetModel } from "../model/model.js";
import { lineAt } from "../model/text.js";
import { NAMES_MIGRATION, type ChangedGoFile } from "../source/changed-go.js";
import { quote } from "./lists.js";
import { error, type Finding, type Rule } from "./types.js";

export const unconfiguredList: Rule = {
  id: "unconfigured-list",
  doc: "A []string list in a changed Go file that names a set's migrations, but that the config does not name as a suite (warning).",
  check({ model, set }) {
    return unconfiguredLists(model)
      .filter((found) => found.set === set)
      .map(({ file, list, matched }) => report(model, set, file, list, matched));
  },
};

interface FoundList {
  set: SetModel;
  file: string;
  list: SuiteList;
  matched: number;
}

/**
 * The lists the change adds or edits, in its changed Go files, that are lists
 * of a set's migrations and no configured suite: at least two entries, all or
 * nearly all of them naming the set's migrations, and a changed line within
 * the list that names a migration file (as the hook's `git diff -G` sees it). Found
 * once per model, each list given to the set it names most.
 */
function unconfiguredLists(model: Model): FoundList[] {
  let found = FOUND.get(model);
  if (found) return found;
  found = [];
  const configured = new Set(model.sets.flatMap(({ set }) => set.suites.map((suite) => `${suite.file}\0${suite.list}`)));
  const folders = new Map<string, Set<string>>();
  const setOf = new Map<string, SetModel>();
  for (const set of model.sets) {
    if (setOf.has(set.set.dir)) continue;
    setOf.set(set.set.dir, set);
    const files = new Set<string>();
    for (const m of set.migrations) if (m.version !== null) files.add(m.file);
    folders.set(set.set.dir, files);
  }
  for (const file of model.changedGo) {
    if (FOREIGN.test(file.path)) continue;
    const parsed = findStringLists(file.text);
    if (!parsed.ok) continue;
    let touched: ((list: SuiteList) => boolean) | undefined;
    for (const list of parsed.lists) {
      if (configured.has(`${file.path}\0${list.name}`) || list.entries.length < 2) continue;
      const values = list.entries.map((e) => e.value);
      const best = bestFolder({ file: file.path, values }, folders);
      if (!best || !isMigrationList(values.length, best.matched)) continue;
      touched ??= touchedLists(file);
      if (touched(list)) found.push({ set: setOf.get(best.dir)!, file: file.path, list, matched: best.matched });
    }
  }
  FOUND.set(model, found);
  return found;
}
const FOUND = new WeakMap<Model, FoundList[]>();

/** Third-party code and Go's ignored testdata/ folders hold no suites of the team's (as init judges). */
const FOREIGN = /(?:^|\/)(?:vendor|node_modules|third_party|testdata)\//;

/** Whether the change adds or removes, within a list's lines, a line naming a migration file (as the pre-check's -G sees it). */
function touchedLists(file: ChangedGoFile): (list: SuiteList) => boolean {
  const lines = file.text.split("\n");
  const changes = diffLines(file.before === null ? [] : file.before.split("\n"), lines);
  const added = changes.added.filter((line) => NAMES_MIGRATION.test(lines[line - 1]!));
  const removed = changes.removed.filter((r) => NAMES_MIGRATION.test(r.text)).map((r) => r.after);
  return (list) => {
    const first = list.line;
    const last = lineAt(file.text, list.close);
    return added.some((line) => line >= first && line <= last) || removed.some((after) => after >= first && after < last);
  };
}

function report(model: Model, set: SetModel, file: string, list: SuiteList, matched: number): Finding {
  const source = model.config.source ?? CONFIG_FILE;
  const setIndex = model.config.sets.indexOf(set.set);
  const named = new Set(list.entries.map((e) => entryName(e.value)));
  const lacking = desiredMigrations(set.migrations).filter((m) => !named.has(m.file));
  const shown = lacking.slice(0, 5).map((m) => quote(m.file));
  const lacks = lacking.length
    ? `; it leaves out ${lacking.length} of them (${shown.join(", ")}${lacking.length > shown.length ? ", ..." : ""})`
    : "";
  const entry = JSON.stringify({ file, list: list.name });
  return error(
    "unconfigured-list",
    file,
    list.line,
    `\`${list.name}\` names ${matched} migrations of set "${set.set.name}" (${set.set.dir}/), but the config names no such suite, so nothing checks it${lacks}`,
    `If it is a suite list, add ${entry} to "suites" of set "${set.set.name}" in ${source} (sets[${setIndex}].suites)${
      model.config.source === null ? `, creating ${CONFIG_FILE} (mighook init writes one)` : ""
    }; then \`mighook fix\` adds what it lacks, or give a migration it leaves out on purpose that suite's "skip". If it is not a suite list, ignore this warning.`,
    "warning",
  );
}
