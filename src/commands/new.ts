import { reportIndex } from "../edit/after.js";
import { say } from "../say.js";
import { commitPlan, describeOutcomes, planSuites } from "../edit/apply.js";
import { findBase, headCommit, indexModel, migrationsInUse, selectOneSet } from "../edit/context.js";
import { withEditSession } from "../edit/session.js";
import { gooseTemplate, normaliseName } from "../edit/migration-file.js";
import { insertStep } from "../edit/plans.js";
import { repoRoot } from "../git/repo.js";
import { assertVersionFits, highestVersion, nextVersion, type NextVersion } from "../model/versions.js";
import type { Migration } from "../model/versions.js";
import { parseCommandArgs } from "./args.js";
import { shownName } from "../path-bytes.js";
import { configuredFolders } from "../model/model.js";
import { onDisk, refuseLinkedFolders } from "../source/linked-folders.js";

export const usage = "mighook new <name> [--set NAME] [--base REF]";

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { set: { type: "string" }, base: { type: "string" } }, usage);
  if (values.help) return help();
  // Several words are one name: `mighook new add status reason` works too.
  const name = normaliseName(positionals.join(" "));
  const root = await repoRoot();
  await withEditSession(root, ["new", ...args], async (session) => {
    const { source, model } = await indexModel(root);
    try {
      const setModel = selectOneSet(model, values.set, "new");
      const { set } = setModel;
      // The index may hold a real folder where the disk has a link: a write
      // through it would land in another folder, or outside the repository.
      await refuseLinkedFolders(onDisk(root), configuredFolders(model.config).filter(({ dir }) => dir === set.dir));
      const [base, head] = await Promise.all([findBase(root, values.base, set.baseRef), headCommit(root)]);
      const { sources } = await migrationsInUse(root, setModel, base, head);
      const next = nextVersion(sources.flatMap(([, m]) => m));
      assertVersionFits(next.version);
      const file = `${next.text}_${name}.sql`;
      const path = `${set.dir}/${file}`;

      const steps = set.suites.map((suite) => insertStep(set, suite, file));
      const plan = await planSuites(root, model.snapshot, steps);
      // The migration is created first, refusing to overwrite anything; then
      // the index in one step; if that fails, the new file goes again.
      const content = Buffer.from(gooseTemplate(name));
      await commitPlan(session, plan, [{ path, mode: "100644", content }], { creates: [{ path, content }] });

      say(`Created ${path} (${whyVersion(next, sources, base?.name)}).`);
      if (set.suites.length === 0) say(`The set "${set.name}" has no suites configured, so no list names it.`);
      say(...describeOutcomes(plan.outcomes, (c) => `listed ${shownName(file)} at line ${c.added.map((a) => a.line).join(", ")}, in list \`${c.name}\` at line ${c.line}`));
      say(`Staged ${path}. Write the migration's SQL, then \`git add\` it.`);
    } finally {
      source.close();
    }
  });
  return reportIndex(root, "The index has other problems (not from the new migration):");
}

/** "version 022: one above 021, the highest in the index, HEAD and origin/main" */
function whyVersion(next: NextVersion, sources: Array<[string, Migration[]]>, baseName: string | undefined): string {
  const version = next.text;
  const tops = sources.map(([label, ms]) => [label, highestVersion(ms)] as const);
  const top = highestVersion(tops.flatMap(([, m]) => (m ? [m] : [])));
  const looked = baseName ? "" : "; no base branch is known (see --base)";
  if (!top) return `version ${version}: the first${looked}`;
  const where = tops.filter(([, m]) => m?.version === top.version).map(([label]) => label);
  const places = where.length > 1 ? `${where.slice(0, -1).join(", ")} and ${where.at(-1)}` : where[0]!;
  const how = next.basis === "time" ? `the current UTC time, above ${top.digits}` : next.skipped.length ? `the first free above ${top.digits}` : `one above ${top.digits}`;
  const taken = next.skipped.length ? `; ${next.skipped.map((m) => shownName(m.file)).join(", ")} took the version${next.skipped.length > 1 ? "s" : ""} before it` : "";
  return `version ${version}: ${how}, the highest in ${places}${taken}${looked}`;
}

function help(): number {
  process.stdout.write(`Usage: ${usage}

Creates the next migration with goose's template, lists it in every suite
list of the set (in version order, before the specials, in the neighbours'
style), and stages both. The index and the working tree get the same change.
  <name>        what the migration does: lower case, words joined by "_"
                ("Add status reason" becomes add_status_reason)
  --set NAME    the set to add it to (needed when the config has several)
  --base REF    the base branch, whose versions count too (default: the
                branch's upstream, else baseRef from the config)
The version is one above the highest in the index, HEAD, the base branch and
the migrations folder on disk; specials never count.
Exit codes: 0 created and \`check --staged\` passes, 1 created but the index has
other problems (listed), 2 usage, config or git trouble (nothing created).
`);
  return 0;
}
