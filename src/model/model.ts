import { phase } from "../profile.js";
import type { Config, SetConfig } from "../config/types.js";
import { isBeingChanged } from "../source/changes.js";
import type { ChangedGoFile } from "../source/changed-go.js";
import type { Changes, Snapshot, Source } from "../source/types.js";
import { MighookError } from "../errors.js";
import type { SqlAnalysis } from "../sql/analyze.js";
import { configKey, refuseLinkedFolders } from "../source/linked-folders.js";
import { parseGoose, type GooseParse } from "./goose.js";
import { findStringLists, type GoParse } from "./gosuite.js";
import { decodeText, invalidUtf8 } from "./text.js";
import { loadBases, type BaseView, type ExplicitBase } from "./base.js";
import { describeMigrations, isMigrationPath, sharedVersions, type Migration } from "./versions.js";

export interface SuiteModel {
  file: string;
  listName: string;
  /** migrations this list leaves out on purpose (suites[].skip), beside the set's skip */
  skip: Record<string, string>;
  /** the suite file is stored as a symbolic link: its list lives elsewhere */
  link: boolean;
  /** null when the suite file is not in the snapshot (or is a link) */
  text: string | null;
  parse: GoParse | null;
}

export interface SetModel {
  set: SetConfig;
  migrations: Migration[];
  /** entries of the folder named like SQL migrations that are not files (folders, submodules...): goose fails on them */
  notFiles: NotAFile[];
  suites: SuiteModel[];
  /** goose parses of the .sql migrations the change adds or modifies */
  goose: Map<string, GooseParse>;
  /** the text of those migrations (for mighook:ignore comments, and anything that runs them) */
  sources: Map<string, string>;
  /** PostgreSQL's verdict on those migrations' statements; empty with "dialect": "none" */
  sql: Map<string, SqlAnalysis>;
  /** the base branch, for cross-branch rules (check --base, or baseRef in the config) */
  base?: SetBase;
}

export interface SetBase extends BaseView {
  /** the base tip's migrations in this set */
  migrations: Migration[];
  /** new path → the base path it was renamed from (same bytes) */
  renamed: Map<string, string>;
}

export interface Model {
  config: Config;
  label: string;
  changes: Changes;
  sets: SetModel[];
  /** every path of the snapshot, for rules that look across sets */
  snapshot: Snapshot;
  /** the change is a merge, whose sides both exist on some branch already */
  merging: boolean;
  /** changed Go files that may hold a list of migrations the config does not name (see changed-go.ts) */
  changedGo: ChangedGoFile[];
}

/** Every path a config makes relevant: migration folders, suite files, the config itself. */
export function relevantPaths(config: Config): string[] {
  return [...new Set(config.sets.flatMap((set) => [set.dir, ...set.suites.map((suite) => suite.file)]))];
}

/** Each set's folder, with the config key that names it (for messages). */
export const configuredFolders = (config: Config) =>
  config.sets.map((set, i) => ({ dir: set.dir, where: configKey(config.source, `sets[${i}].dir`) }));

/**
 * The model that `check` judges: with the base views the sets need (--base,
 * or baseRef from the config), as the hook, CI and the edit commands all see it.
 */
export async function buildCheckedModel(
  source: Source,
  config: Config,
  changes: Changes,
  explicit?: ExplicitBase,
  commit?: string,
  changedGo: ChangedGoFile[] = [],
): Promise<Model> {
  const bases = await loadBases(source, config, explicit, commit);
  return buildModel(source, config, changes, (set) => bases.get(explicit?.ref ?? set.baseRef ?? ""), changedGo);
}

/**
 * Reads what the rules need in one batch (suite files, and the migrations the
 * change adds or modifies) and builds the model. Migrations the change leaves
 * alone are known by name only: their bytes are never read.
 */
export async function buildModel(
  source: Source,
  config: Config,
  changes: Changes,
  baseOf: (set: SetConfig) => BaseView | undefined = () => undefined,
  changedGo: ChangedGoFile[] = [],
): Promise<Model> {
  prefetchSqlParser(config, changes);
  const [snapshot] = await Promise.all([source.snapshot(relevantPaths(config)), refuseLinkedFolders(source, configuredFolders(config))]);
  phase("git snapshot (ls-files)");
  return modelFromSnapshot(snapshot, { label: source.label, config, changes, baseOf, merging: () => source.merging(), changedGo });
}

export interface ModelOptions {
  label: string;
  config: Config;
  changes: Changes;
  baseOf?: (set: SetConfig) => BaseView | undefined;
  /** asked only when some version is taken twice, to know which file to blame */
  merging?: () => Promise<boolean>;
  changedGo?: ChangedGoFile[];
}

/** The model of a snapshot (paths and bytes, from git or made in memory). */
export async function modelFromSnapshot(
  snapshot: Snapshot,
  { label, config, changes, baseOf = () => undefined, merging, changedGo = [] }: ModelOptions,
): Promise<Model> {
  const sets = config.sets.map((set) => ({
    set,
    migrations: describeMigrations(snapshot.files.keys(), set.dir, set.special, set.skip),
  }));
  const toRead = new Set<string>();
  for (const { set, migrations } of sets) {
    for (const suite of set.suites) toRead.add(suite.file);
    // Misnamed files are invalid-filename's business; goose would not load them.
    for (const m of migrations) if (m.version !== null && m.file.endsWith(".sql") && isBeingChanged(changes, m.path)) toRead.add(m.path);
  }
  const contents = await snapshot.read([...toRead]);
  const text = (path: string) => {
    const bytes = contents.get(path);
    return bytes ? decodeText(bytes) : null;
  };
  // Asked only when a version is taken twice (misnamed files have none).
  const duplicated = sets.some(({ migrations }) => sharedVersions(migrations).length > 0);
  // The texts of the set's migrations that were read (the changed ones).
  const sources = (migrations: Migration[]) => {
    const texts = new Map<string, string>();
    for (const m of migrations) {
      const sql = toRead.has(m.path) && m.file.endsWith(".sql") ? text(m.path) : null;
      if (sql !== null) texts.set(m.path, sql);
    }
    return texts;
  };
  const built = sets.map(({ set, migrations }) => {
    const texts = sources(migrations);
    // goose sees the bytes as they are: a byte order mark makes it reject the file.
    const goose = new Map(
      [...texts].map(([path]) => [path, parseGoose(decodeText(contents.get(path)!, { keepBom: true }), { requireDown: set.requireDown })] as const),
    );
    return { set, migrations, texts, goose };
  });
  const sql = await analyzeSql(built, (path) => {
    const bytes = contents.get(path);
    return bytes ? invalidUtf8(bytes) : [];
  });
  return {
    config,
    label,
    changes,
    snapshot,
    merging: duplicated && merging ? await merging() : false,
    changedGo,
    sets: built.map(({ set, migrations, texts, goose }, i) => ({
      set,
      migrations,
      suites: set.suites.map((suite) => {
        const suiteText = text(suite.file);
        return {
          file: suite.file,
          listName: suite.list,
          skip: suite.skip,
          link: snapshot.links?.has(suite.file) ?? false,
          text: suiteText,
          parse: suiteText === null ? null : findStringLists(suiteText, suite.list),
        };
      }),
      goose,
      sources: texts,
      notFiles: notFiles(snapshot, set.dir),
      sql: sql[i]!,
      base: withMigrations(set, baseOf(set), snapshot),
    })),
  };
}

/**
 * Starts loading PostgreSQL's parser while git reads the blobs, when the
 * change adds or modifies a .sql file directly in a folder whose set checks
 * SQL: its WASM compiles on V8's background threads meanwhile. A failure
 * surfaces where the parser is awaited (analyzeSql), not here.
 */
function prefetchSqlParser(config: Config, changes: Changes): void {
  const folders = config.sets.filter((set) => set.dialect !== "none").map((set) => `${set.dir}/`);
  for (const [path] of changes) {
    if (!path.endsWith(".sql") || !isBeingChanged(changes, path)) continue;
    const folder = folders.find((f) => path.startsWith(f));
    if (folder === undefined || path.slice(folder.length).includes("/")) continue;
    import("../sql/postgres.js").then((m) => m.loadPostgresParser()).catch(() => {});
    return;
  }
}

/**
 * PostgreSQL's parser on the changed migrations of every set that checks SQL.
 * The parser (a WASM module) loads only here, and only when there is such a
 * migration: a commit that changes none never pays for it.
 */
async function analyzeSql(
  sets: Array<{ set: SetConfig; goose: Map<string, GooseParse> }>,
  invalidUtf8Of: (path: string) => ReturnType<typeof invalidUtf8>,
): Promise<Map<string, SqlAnalysis>[]> {
  const wanted = sets.some(({ set, goose }) => set.dialect !== "none" && goose.size > 0);
  if (!wanted) return sets.map(() => new Map());
  const [{ analyzeMigration }, { loadPostgresParser }] = await Promise.all([import("../sql/analyze.js"), import("../sql/postgres.js")]);
  let parser;
  try {
    parser = await loadPostgresParser();
  } catch (error) {
    throw new MighookError(
      `could not load PostgreSQL's parser (the libpg-query package): ${(error as Error).message}`,
      'Reinstall mighook with its dependencies (npm install), or set "dialect": "none" on the set to skip the SQL checks.',
    );
  }
  return sets.map(({ set, goose }) =>
    set.dialect === "none"
      ? new Map()
      : new Map([...goose].map(([path, parse]) => [path, analyzeMigration(parse, parser, { postgres: set.postgres, invalidUtf8: invalidUtf8Of(path) })] as const)),
  );
}

export interface NotAFile {
  path: string;
  /** "a folder", "a submodule", "a named pipe (FIFO)"... */
  what: string;
}

/**
 * What goose's fs.Glob("<dir>/*.sql") returns besides files: it matches names
 * of any kind, and goose then fails to read a folder ("is a directory") or
 * waits on a FIFO. Folders show in the snapshot's paths (dir/004_x.sql/...);
 * submodules and special files are listed as such by the source.
 */
export function notFiles(snapshot: Snapshot, dir: string): NotAFile[] {
  const found = new Map<string, string>();
  const prefix = `${dir}/`;
  for (const path of snapshot.files.keys()) {
    if (!path.startsWith(prefix)) continue;
    const slash = path.indexOf("/", prefix.length);
    if (slash !== -1) found.set(path.slice(0, slash), "a folder");
  }
  for (const [path, what] of snapshot.others ?? []) if (path.startsWith(prefix) && !path.includes("/", prefix.length)) found.set(path, what);
  return [...found]
    .filter(([path]) => path.endsWith(".sql"))
    .map(([path, what]) => ({ path, what }))
    .sort((a, b) => (a.path < b.path ? -1 : 1));
}

function withMigrations(set: SetConfig, base: BaseView | undefined, snapshot: Snapshot): SetBase | undefined {
  if (!base) return undefined;
  const migrations = describeMigrations(base.tip.keys(), set.dir, set.special, set.skip);
  // A base migration gone here whose exact bytes sit under a new name was
  // renamed: one mistake (removed-applied), not also a "new" migration. Only
  // one the branch had (at the merge base) can have been renamed by it: a
  // file the base added since, with the same bytes (goose's untouched
  // template, say), is another migration that merely looks the same.
  const gone = new Map(
    migrations.filter((b) => !snapshot.files.has(b.path) && base.mergeBase.has(b.path)).map((b) => [base.tip.get(b.path), b.path]),
  );
  const renamed = new Map<string, string>();
  // Within this set only: a copy of the folder (another set) holds the same
  // bytes, and a rename there is that set's business, not a rename of ours.
  for (const [path, oid] of snapshot.files) {
    const from = oid === null ? undefined : gone.get(oid);
    if (from !== undefined && !base.tip.has(path) && isMigrationPath(path, set.dir)) renamed.set(path, from);
  }
  return { ...base, migrations, renamed };
}

/**
 * Migrations the judged snapshot has and the base has never seen (neither its
 * tip nor where the branch left it), renamed base migrations aside.
 */
export function newAgainstBase(set: SetModel): Migration[] {
  const base = set.base;
  return base ? set.migrations.filter((m) => !base.tip.has(m.path) && !base.mergeBase.has(m.path) && !base.renamed.has(m.path)) : [];
}
