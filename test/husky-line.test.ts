import { describe, expect, it } from "vitest";
import { huskyLine, removeLine, withLine } from "../src/install/husky.js";

const HUSKY_LINE = huskyLine("mighook check --staged");

describe("husky: where mighook's line goes", () => {
  const cases: Array<[what: string, before: string, after: string]> = [
    ["at the end", 'echo "lint"\n', `echo "lint"\n${HUSKY_LINE}\n`],
    ["without a final newline, keeping that style", "npm test", `npm test\n${HUSKY_LINE}`],
    ["before a closing exit", "npm test\nexit 0\n\n", `npm test\n${HUSKY_LINE}\nexit 0\n\n`],
    ["before a closing exec, past trailing comments", "exec lint-staged\n# done\n", `${HUSKY_LINE}\nexec lint-staged\n# done\n`],
    ["before the whole command when an exit continues `||`", "npm run lint\nnpm test ||\n  exit 1\n", `npm run lint\n${HUSKY_LINE}\nnpm test ||\n  exit 1\n`],
    ["before the whole command when an exec continues `||`", '[ -n "$CI" ] ||\n  exec npx lint-staged\n', `${HUSKY_LINE}\n[ -n "$CI" ] ||\n  exec npx lint-staged\n`],
    ["before the whole command when an exit continues `&&`", "[ -f x ] &&\n  exit 0\n", `${HUSKY_LINE}\n[ -f x ] &&\n  exit 0\n`],
    ["before the whole command past a blank line after `||`", "npx lint-staged ||\n\n  # why\n  exit 1\n", `${HUSKY_LINE}\nnpx lint-staged ||\n\n  # why\n  exit 1\n`],
    ["before a closing exec continued by a backslash", '[ -n "$CI" ] ||\n  exec echo \\\n  lint-staged\n', `${HUSKY_LINE}\n[ -n "$CI" ] ||\n  exec echo \\\n  lint-staged\n`],
    ["before the whole command over several continued lines", "a \\\n  | b |\n  exec c\n", `${HUSKY_LINE}\na \\\n  | b |\n  exec c\n`],
  ];
  for (const [what, before, after] of cases)
    it(what, () => {
      expect(withLine(before, HUSKY_LINE)).toBe(after);
      expect(removeLine(after)).toEqual({ without: before, created: false }); // uninstall gives back the bytes
    });

  it("declines to guess where the end of a hook is not sure to run", () => {
    const unsure = [
      'for f in a b; do\n  echo "$f"\ndone |\n\nexec cat\n', // the exit's command starts with a block
      'case "$1" in\n  1) exit 0;;\n  *) exec lint-staged;;\nesac\n', // every branch may leave
      "if ! npm test; then\n  echo failed\n  exit 1; fi\n", // an exit inside a block
      "if [ -f x ]; then\n  echo x\nfi ||\n  exit 1\n", // a block continued by the exit
      "npm test \\\n", // a dangling backslash
    ];
    for (const text of unsure) expect(withLine(text, HUSKY_LINE), text).toBeNull();
  });

  it("removes only the line it wrote: a team's own `mighook check --staged` stays", () => {
    expect(removeLine("npm test\nmighook check --staged\n")).toBeNull();
    const local = huskyLine("node_modules/.bin/mighook check --staged");
    expect(removeLine(`mighook check --staged\n${local}\n`)).toEqual({ without: "mighook check --staged\n", created: false });
  });
});
