// What new, fix, renumber and list start from: the repository, its config and
// the model of the index (what the next commit records), read the way
// `check --staged` reads them.
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { configFromLayers, readConfigLayers } from "../config/find.js";
import { resolveConfig } from "../config/load.js";
import type { Config, SetConfig } from "../config/types.js";
import { usageError } from "../errors.js";
import { saveFastPath } from "../fastpath/cache.js";
import { listTree, resolveCommit, tryResolveCommit } from "../git/repo.js";
import { git } from "../git/run.js";
import { buildCheckedModel, buildModel, type Model, type SetModel } from "../model/model.js";
import { describeMigrations, type Migration } from "../model/versions.js";
import { runRules } from "../rules/index.js";
import { decodePath } from "../path-bytes.js";
import type { Finding } from "../rules/types.js";
import { indexSource } from "../source/index-source.js";
import type { Source } from "../source/types.js";

export async function loadConfig(source: Source): Promise<Config> {
  const layers = await readConfigLayers(source);
  const config = await resolveConfig(configFromLayers(layers));
  // The index's config, read anyway: the hook's pre-check gets its cache.
  if (source.kind === "index") await saveFastPath(source.root, layers);
  return config;
}

/**
 * The index's model. The caller closes the source. Without `withChanges`, the
 * model knows no change (no diff is run, no migration is read): enough for
 * the commands that edit lists, which need names and suite files only.
 */
export async function indexModel(root: string, withChanges = false): Promise<{ source: Source; model: Model }> {
  const source = indexSource(root);
  try {
    const config = await loadConfig(source);
    // With the change, as check --staged judges it (baseRef warnings included).
    const model = withChanges ? await buildCheckedModel(source, config, await source.changes()) : await buildModel(source, config, new Map());
    return { source, model };
  } catch (error) {
    source.close();
    throw error;
  }
}

/** The sets a command works on: the one `--set` names, else all of them. */
export function selectSets(model: Model, name: string | undefined): SetModel[] {
  if (name === undefined) return model.sets;
  const found = model.sets.filter((s) => s.set.name === name);
  if (found.length === 0)
    throw usageError(
      `no set named "${name}" in ${model.config.source ?? "the default config"}`,
      `The sets are: ${model.sets.map((s) => s.set.name).join(", ")}.`,
    );
  return found;
}

/** Exactly one set: `--set`, or the only one there is. */
export function selectOneSet(model: Model, name: string | undefined, command: string): SetModel {
  const sets = selectSets(model, name);
  if (sets.length > 1)
    throw usageError(
      `the config has ${sets.length} sets; say which one with --set`,
      `mighook ${command} --set NAME, where NAME is one of: ${sets.map((s) => s.set.name).join(", ")}.`,
    );
  return sets[0]!;
}

/** What `check --staged` says about the index now (all sets). */
export async function checkIndex(root: string): Promise<{ findings: Finding[]; label: string }> {
  const { source, model } = await indexModel(root, true);
  try {
    return { findings: runRules(model), label: model.label };
  } finally {
    source.close();
  }
}

export interface BaseRef {
  name: string;
  commit: string;
  /** how it was chosen */
  from: "--base" | "upstream" | "config";
}

/**
 * The base branch: `--base` (exit 2 if it doesn't resolve), else the current
 * branch's upstream, else the config's baseRef; those two are ignored if they
 * don't resolve (mighook never fetches). null when none is known.
 */
export async function findBase(root: string, explicit: string | undefined, configured: string | undefined): Promise<BaseRef | null> {
  if (explicit !== undefined) return { name: explicit, commit: await resolveCommit(root, explicit), from: "--base" };
  const upstream = await git(["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}"], { cwd: root, okCodes: [128] });
  const upstreamName = upstream.code === 0 ? upstream.stdout.toString("utf8").trim() : "";
  if (upstreamName) {
    const commit = await tryResolveCommit(root, upstreamName);
    if (commit) return { name: upstreamName, commit, from: "upstream" };
  }
  if (configured) {
    const commit = await tryResolveCommit(root, configured);
    if (commit) return { name: configured, commit, from: "config" };
  }
  return null;
}

export const headCommit = (root: string): Promise<string | null> => tryResolveCommit(root, "HEAD");

/** The set's migrations in a commit (by name only; nothing is read). */
export async function migrationsAt(root: string, commit: string, set: SetConfig): Promise<Migration[]> {
  return describeMigrations((await listTree(root, commit, [set.dir])).keys(), set.dir, set.special, set.skip);
}

/**
 * Every migration a new or renumbered one must keep clear of, by where it was
 * seen: the index, HEAD, the base branch and the folder on disk (a draft
 * not yet staged). Those at HEAD and on the base also on their own.
 */
export async function migrationsInUse(root: string, set: SetModel, base: BaseRef | null, head: string | null) {
  const [atHead, atBase, onDisk] = await Promise.all([
    head ? migrationsAt(root, head, set.set) : [],
    base ? migrationsAt(root, base.commit, set.set) : [],
    migrationsOnDisk(root, set.set),
  ]);
  const sources: Array<[label: string, migrations: Migration[]]> = [
    ["the index", set.migrations],
    ...(head ? [["HEAD", atHead] as [string, Migration[]]] : []),
    ...(base ? [[base.name, atBase] as [string, Migration[]]] : []),
    ["the working tree", onDisk],
  ];
  return { sources, atHead, atBase };
}

/** The set's migrations on disk, tracked or not (so a new number never collides with a draft). */
export async function migrationsOnDisk(root: string, set: SetConfig): Promise<Migration[]> {
  // Names as bytes, decoded losslessly: a draft named in Latin-1 keeps its name.
  const entries = await readdir(join(root, set.dir), { withFileTypes: true, encoding: "buffer" }).catch(() => []);
  return describeMigrations(
    entries.filter((e) => e.isFile()).map((e) => `${set.dir}/${decodePath(e.name)}`),
    set.dir,
    set.special,
    set.skip,
  );
}
