import { reportIndex } from "../edit/after.js";
import { say } from "../say.js";
import { commitPlan, describeOutcomes, planSuites } from "../edit/apply.js";
import { indexModel, selectSets } from "../edit/context.js";
import { withEditSession } from "../edit/session.js";
import { fixStep } from "../edit/plans.js";
import { formatChange } from "../edit/suites.js";
import { repoRoot } from "../git/repo.js";
import { parseCommandArgs } from "./args.js";

export const usage = "mighook fix [--set NAME]";

export async function run(args: string[]): Promise<number> {
  // File names after the flags are accepted and ignored, as check does: the
  // lists live in the suite files, whatever a hook manager passes.
  const { values } = parseCommandArgs(args, { set: { type: "string" } }, usage);
  if (values.help) return help();
  const root = await repoRoot();
  await withEditSession(root, ["fix", ...args], async (session) => {
    const { source, model } = await indexModel(root);
    try {
      const sets = selectSets(model, values.set);
      const steps = sets.flatMap((s) => s.set.suites.map((suite) => fixStep(s.set, s.migrations, suite)));
      if (steps.length === 0) say("No suites are configured, so there are no lists to fix.");
      const plan = await planSuites(root, model.snapshot, steps);
      await commitPlan(session, plan);
      const lines = describeOutcomes(plan.outcomes, formatChange);
      if (steps.length && lines.length === 0) say("The suite lists in the index are already right; nothing to fix.");
      say(...lines);
    } finally {
      source.close();
    }
  });
  return reportIndex(root, "Still to fix (fix only edits suite lists; it never renames or edits migrations):");
}

function help(): number {
  process.stdout.write(`Usage: ${usage}

Repairs the suite lists so that \`mighook check --staged\` passes on them: adds
missing migrations, removes entries for files that are gone, restores the
order (version order, specials last), keeping comments and layout.
The index gets the fix on the staged content; the working-tree file gets the
same fix on its own content, so unstaged edits stay unstaged.
  --set NAME    only this set of the config
Exit codes: 0 the index passes check --staged, 1 problems remain (listed),
2 usage, config or git trouble (nothing changed).
`);
  return 0;
}
