import { refreshFastPath } from "../fastpath/cache.js";
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { findConfig, resolveConfig } from "../config/load.js";
import { CONFIG_FILE, PACKAGE_FILE, type Config } from "../config/types.js";
import { MighookError, usageError } from "../errors.js";
import { repoRoot } from "../git/repo.js";
import { configText, LOCAL_SCHEMA, SCHEMA_URL } from "../init/config-text.js";
import { guess, numberedGoFiles, SKIP_REASON, type FoundSet, type Guess } from "../init/detect.js";
import { githubWorkflow, WORKFLOW_FILE, type WorkflowOptions } from "../init/github.js";
import { gitlabJob, GITLAB_CI_FILE, GITLAB_JOB_FILE } from "../init/gitlab.js";
import { goFilesNamingSql, indexFiles, type IndexFiles } from "../init/index-files.js";
import { exists, readIfExists, writeFileAtomic } from "../files.js";
import { packageInfo } from "../install/package.js";
import { buildModel } from "../model/model.js";
import { runRules } from "../rules/index.js";
import type { Finding } from "../rules/types.js";
import { indexSource } from "../source/index-source.js";
import type { Changes, Source } from "../source/types.js";
import { parseCommandArgs } from "./args.js";
import { say } from "../say.js";
import { shownName } from "../path-bytes.js";

declare const MIGHOOK_VERSION: string;

export const usage = "mighook init [--force] [--ci github|gitlab]";


export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { force: { type: "boolean" }, ci: { type: "string" } }, usage);
  if (values.help) return help();
  if (positionals.length) throw usageError(`init takes no file names (got "${positionals[0]}")`, `Usage: ${usage}`);
  if (values.ci !== undefined && values.ci !== "github" && values.ci !== "gitlab") throw usageError(`--ci must be github or gitlab (got "${values.ci}")`);
  const force = values.force ?? false;
  const root = await repoRoot();
  const existing = await existingConfig(root);

  if (values.ci === undefined) {
    if (existing && !force)
      throw new MighookError(`${existing} already holds mighook's configuration`, "Keep it, or run `mighook init --force` to replace it with a fresh guess.", 1);
    await writeConfig(root);
    await refreshFastPath(root);
    say(`  Next: review ${CONFIG_FILE} and commit it, then run \`mighook install\` to guard every commit.`);
    if (existing === PACKAGE_FILE) say(`  The "mighook" key in package.json is now ignored (${CONFIG_FILE} comes first); remove it.`);
    return 0;
  }

  // --ci: the CI file, plus a config when there is none yet. An existing
  // config is kept even with --force, which here means the CI file. GitLab's
  // job goes into a .gitlab-ci.yml only when there is none: mighook never
  // edits a pipeline, it writes the job beside it and says how to include it.
  const ci = values.ci;
  const gitlabIncluded = ci === "gitlab" && (await exists(join(root, GITLAB_CI_FILE)));
  const file = ci === "github" ? WORKFLOW_FILE : gitlabIncluded ? GITLAB_JOB_FILE : GITLAB_CI_FILE;
  const workflow = join(root, file);
  if ((await exists(workflow)) && !force)
    throw new MighookError(`${file} already exists`, `Keep it, or run \`mighook init --ci ${ci} --force\` to replace it.`, 1);
  const config = existing ? await readWorkingConfig(root) : await writeConfig(root);
  await mkdir(dirname(workflow), { recursive: true });
  const pkg = await packageInfo(root);
  const lockfile = await exists(join(root, "package-lock.json"));
  // Exact, so that CI judges with the version the team's hook runs: the
  // package.json's own version (its range's floor), else this one.
  const spec = pkg.mighook !== null && /^[\^~]?\d[\w.+-]*$/.test(pkg.mighook) ? pkg.mighook.replace(/^[\^~]/, "") : MIGHOOK_VERSION;
  const options: WorkflowOptions = {
    paths: workflowPaths(config, file),
    install: pkg.mighook !== null && lockfile ? { kind: "project" } : { kind: "global", spec: `mighook@${spec}` },
  };
  await writeFileAtomic(workflow, ci === "github" ? githubWorkflow(options) : gitlabJob(options), { mode: 0o644, root });
  await refreshFastPath(root);
  if (ci === "github")
    say(`mighook: wrote ${file}: pull requests, pushes and merge queues that touch migrations, suites or the config run \`mighook check --base\`.`);
  else {
    say(`mighook: wrote ${file}: merge requests and pushes that touch migrations, suites or the config run \`mighook check --base\`, with a Code Quality report.`);
    if (gitlabIncluded) say(`  ${GITLAB_CI_FILE} exists, so mighook left it alone: add the job to it with`, "    include:", `      - local: ${GITLAB_JOB_FILE}`);
  }
  if (!(pkg.mighook !== null && lockfile)) say(`  It installs mighook@${spec} on the runner (no mighook devDependency with a package-lock.json here).`);
  return 0;
}

async function existingConfig(root: string): Promise<string | null> {
  if (await exists(join(root, CONFIG_FILE))) return CONFIG_FILE;
  const pkg = await readIfExists(join(root, PACKAGE_FILE));
  try {
    if (pkg && typeof JSON.parse(pkg) === "object" && "mighook" in JSON.parse(pkg)) return PACKAGE_FILE;
  } catch {
    // not JSON: no config in it
  }
  return null;
}

async function readWorkingConfig(root: string): Promise<Config> {
  const contents = new Map<string, string>();
  for (const file of [CONFIG_FILE, PACKAGE_FILE]) {
    const text = await readIfExists(join(root, file));
    if (text !== null) contents.set(file, text);
  }
  return resolveConfig(findConfig(contents));
}

/** Guesses the config from the index, writes it, says what it found; returns it resolved. */
async function writeConfig(root: string): Promise<Config> {
  const source = indexSource(root); // what the first `check --staged` will judge, staged change and all
  let files: IndexFiles | undefined;
  try {
    const changes = await source.changes();
    files = await indexFiles(root, changes);
    // Go files naming .sql files may hold lists; numbered ones may be goose Go migrations.
    const goFiles = await files.read([...new Set([...(await goFilesNamingSql(root)), ...numberedGoFiles(files.paths.keys())])]);
    const staged = new Set([...changes].flatMap(([path, kind]) => (kind === "added" ? [path] : [])));
    const found = guess([...files.paths.keys()], goFiles, staged);
    const requireDown = await downSections(files, found.sets);
    const pkg = await packageInfo(root);
    const text = configText(found.sets, { schema: pkg.mighook !== null ? LOCAL_SCHEMA : SCHEMA_URL, requireDown });
    const config = await resolveConfig({ source: CONFIG_FILE, text, raw: JSON.parse(text) });
    const findings = found.sets.length ? await checkWith(source, config, changes) : [];
    await writeFileAtomic(join(root, CONFIG_FILE), text, { mode: 0o644, root });
    describe(found, requireDown, findings);
    return config;
  } finally {
    files?.close();
    source.close();
  }
}

/**
 * goose's Down sections are required by default. A team whose migrations
 * mostly have none gets requireDown: false, or its next commit would fail.
 */
async function downSections(files: IndexFiles, sets: FoundSet[]): Promise<Map<string, boolean>> {
  const result = new Map<string, boolean>();
  for (const set of sets) {
    const sql = set.migrations.filter((m) => m.file.endsWith(".sql")).map((m) => `${set.dir}/${m.file}`);
    const texts = await files.read(sql);
    const withDown = [...texts.values()].filter((text) => /^[ \t]*--[ \t]*\+goose[ \t]+Down\b/im.test(text)).length;
    result.set(set.dir, withDown * 2 >= texts.size);
  }
  return result;
}

/** What `check --staged` will say about the index under the new config (its errors). */
async function checkWith(source: Source, config: Config, changes: Changes): Promise<Finding[] | null> {
  try {
    return runRules(await buildModel(source, config, changes)).filter((finding) => finding.severity === "error");
  } catch (error) {
    if (error instanceof MighookError) return null;
    throw error;
  }
}

function describe(found: Guess, requireDown: Map<string, boolean>, findings: Finding[] | null): void {
  if (found.sets.length === 0) {
    say(
      found.lone.length
        ? `mighook: wrote ${CONFIG_FILE} with the default folder, migrations/: the index holds no folder of two or more NNN_name.sql files, only lone ones (${found.lone.join(", ")}), and mighook can't tell which is a migrations folder.`
        : `mighook: wrote ${CONFIG_FILE} with the default folder, migrations/: the index holds no folder of NNN_name.sql files.`,
      `  Edit "dir" and "suites" in ${CONFIG_FILE} (and \`git add\` new migrations first if they are not staged yet).`,
    );
    sayLeftOut(found);
    return;
  }
  say(`mighook: wrote ${CONFIG_FILE} from what the index holds:`);
  for (const set of found.sets) {
    const ordinary = set.migrations.filter((m) => !set.specialFiles.includes(m.file) && m.version !== null);
    const byVersion = ordinary.sort((a, b) => (a.version! < b.version! ? -1 : a.version! > b.version! ? 1 : 0));
    const range = byVersion.length ? `, ${byVersion[0]!.digits} to ${byVersion.at(-1)!.digits}` : "";
    say(`  ${set.dir}/: ${set.migrations.length} migrations${range}`);
    if (set.special.length) say(`    special (numbered far above the rest, applied last): ${set.specialFiles.map(shownName).join(", ")}`);
    if (set.suites.length === 0) say("    no Go []string list names these files; add \"suites\" by hand if a test lists them");
    for (const suite of set.suites) {
      say(`    listed by ${suite.file}: \`${suite.list}\`${suite.lists > 1 ? ` (${suite.lists} lists)` : ""}`);
      const own = Object.keys(suite.skip);
      if (own.length) say(`      skip in this list only ("${SKIP_REASON}"): ${own.join(", ")}`);
    }
    const skipped = Object.keys(set.skip);
    if (skipped.length) say(`    skip in every list ("${SKIP_REASON}"): ${skipped.map(shownName).join(", ")}`);
    if (requireDown.get(set.dir) === false) say("    requireDown: false (most of these migrations have no -- +goose Down section)");
    if (set.unlisted.length)
      say(`    staged but in no list (not skipped: this is what mighook catches): ${set.unlisted.map(shownName).join(", ")}; \`mighook fix\` lists them`);
    for (const { list, entries } of set.unknown)
      say(`    ${list.file}:${list.line} \`${list.name}\` also names ${entries.map(shownName).join(", ")}, which ${entries.length > 1 ? "are" : "is"} not in ${set.dir}/`);
  }
  for (const { file, name, dirs } of found.ambiguous)
    say(
      `  not used: ${file} has several \`${name}\` lists that are not all lists of ${dirs.map((d) => `${d}/`).join(" or ")}; a suite is a file and a variable name, so mighook would hold them all to one folder: give each list its own variable name, then add the suites by hand`,
    );
  sayLeftOut(found);
  for (const { list, dir, matched } of found.ignored)
    say(
      `  not used: ${list.file}:${list.line} \`${list.name}\`: only ${matched} of its ${list.entries.length} entries name migrations in ${dir}/; add it to "suites" if it is a suite list`,
    );
  // The config is not staged yet, so `check --staged` would judge without it
  // (and say nothing): the working-tree check reads it from disk now.
  const staging = `(\`check --staged\` reads the config from the index: \`git add ${CONFIG_FILE}\` first)`;
  if (findings === null) say("  (mighook could not check the index with it; run `mighook check` to see why.)");
  else if (findings.length === 0) say(`  With it, the check passes on what is committed and staged today ${staging}.`);
  else
    say(
      `  With it, the check finds ${findings.length} problem${findings.length > 1 ? "s" : ""} in what is committed and staged today: run \`mighook check\` to see them ${staging}.`,
    );
}

function sayLeftOut(found: Guess): void {
  for (const { dir, why } of found.leftOut)
    say(
      why === "archive"
        ? `  not used: ${dir}/, an archive by its name (kept, not run); add it as a set by hand if goose runs it`
        : `  not used: ${dir}/ holds golang-migrate's NNN_name.up.sql/.down.sql pairs, not goose migrations; mighook supports goose only, so it leaves this folder alone`,
    );
}

/** The paths whose change makes the workflow run: folders, suite files, the config, the workflow. */
function workflowPaths(config: Config, ciFile: string): string[] {
  const paths = config.sets.flatMap((set) => [`${set.dir}/**`, ...set.suites.map((suite) => suite.file)]);
  return [...new Set([...paths, config.source ?? CONFIG_FILE, ciFile])];
}

function help(): number {
  say(
    `Usage: ${usage}`,
    "",
    `Writes ${CONFIG_FILE} from what the index holds (HEAD plus staged files):`,
    "  folders of NNN_name.sql migrations, the Go []string lists that name them, specials numbered",
    `  far above the rest (like 1000_), and "skip" entries for migrations today's lists leave out.`,
    "  It asks nothing: it writes its best guess and prints what it found.",
    `  --force       replace an existing config (or, with --ci, an existing workflow)`,
    `  --ci github   also write ${WORKFLOW_FILE} (and the config, if there is none yet):`,
    "                pull requests, pushes and merge queues run `mighook check --base`",
    `  --ci gitlab   also write a GitLab job with a Code Quality report: ${GITLAB_CI_FILE}, or`,
    `                ${GITLAB_JOB_FILE} to include when ${GITLAB_CI_FILE} exists`,
    "Exit codes: 0 written, 1 refused (the file exists), 2 usage or git trouble.",
  );
  return 0;
}
