import { describe, expect, it } from "vitest";
import { huskyLine, removeLine, withLine } from "../src/install/husky.js";

const HUSKY_LINE = huskyLine("mighook check --staged");

describe("husky: where mighook's line goes", () => {
  const cases: Array<[what: string, before: string, after: string]> = [
    ["at the end", 'echo "lint"\n', `echo "lint"\n${HUSKY_LINE}\n`],
    ["without a final newline, keeping that style", "npm test", `npm test\n${HUSKY_LINE}`],
    ["before a closing exit", "npm test\nexit 0\n\n", `npm test\n${HUSKY_LINE}\nexit 0\n\n`],
    ["before a closing exec, past trailing comments", "exec lint-staged\n# done\n", `${HUSKY_LINE}\nexec lint-staged\n# done\n`],
    ["after an exit that continues `||`", "npm test ||\n  exit 1\n", `npm test ||\n  exit 1\n${HUSKY_LINE}\n`],
    ["after an exit that continues `&&`", "[ -f x ] &&\n  exit 0\n", `[ -f x ] &&\n  exit 0\n${HUSKY_LINE}\n`],
    ["after an exit that continues a backslash", "test -n \"$CI\" \\\n  && exit 0\n", `test -n "$CI" \\\n  && exit 0\n${HUSKY_LINE}\n`],
    ["after an exit that continues a pipe", "echo 1 |\n  exit 3\n", `echo 1 |\n  exit 3\n${HUSKY_LINE}\n`],
  ];
  for (const [what, before, after] of cases)
    it(what, () => {
      expect(withLine(before, HUSKY_LINE)).toBe(after);
      expect(removeLine(after)).toBe(before); // uninstall gives back the bytes
    });

  it("removes only the line it wrote: a team's own `mighook check --staged` stays", () => {
    expect(removeLine("npm test\nmighook check --staged\n")).toBeNull();
    const local = huskyLine("node_modules/.bin/mighook check --staged");
    expect(removeLine(`mighook check --staged\n${local}\n`)).toBe("mighook check --staged\n");
  });
});
