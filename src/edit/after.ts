// After an edit: what `check --staged` now says about the index, printed the
// way check prints it. The exit code of new, fix and renumber follows it:
// 0 when the index is clean, 1 when problems remain (they are listed).
import { useColor } from "../report/color.js";
import { formatHuman } from "../report/human.js";
import { isOk } from "../report/machine.js";
import { checkIndex } from "./context.js";

export async function reportIndex(root: string, intro: string): Promise<number> {
  const { findings, label } = await checkIndex(root);
  const color = useColor(process.stdout);
  if (findings.length === 0) {
    process.stdout.write(formatHuman([], { color, label }));
    return 0;
  }
  process.stdout.write(`\n${intro}\n${formatHuman(findings, { color, label })}`);
  return isOk(findings) ? 0 : 1;
}

