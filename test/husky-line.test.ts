import { describe, expect, it } from "vitest";
import { huskyLine, removeLine, withLine } from "../src/install/husky.js";

const LINE = huskyLine("mighook check --staged");
const V8_HEADER = '#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n';

describe("husky: where mighook's line goes", () => {
  const cases: Array<[what: string, before: string, after: string]> = [
    ["before the only command", 'npx lint-staged\n', `${LINE}\nnpx lint-staged\n`],
    ["without a final newline, keeping that style", "npm test", `${LINE}\nnpm test`],
    ["before the last command, whose status stays the hook's (`&&` lists fail only as the last status)", "npm run lint && npm test\n", `${LINE}\nnpm run lint && npm test\n`],
    ["before a closing exit", "npm test\nexit 0\n\n", `npm test\n${LINE}\nexit 0\n\n`],
    ["before a closing exec, past trailing comments", "exec lint-staged\n# done\n", `${LINE}\nexec lint-staged\n# done\n`],
    ["after husky 8's header, which re-runs the hook", V8_HEADER, `${V8_HEADER}${LINE}\n`],
    ["between husky 8's header and the commands", `${V8_HEADER}\nnpx lint-staged\n`, `${V8_HEADER}\n${LINE}\nnpx lint-staged\n`],
    ["at the end of a file with no command", "# nothing yet\n", `# nothing yet\n${LINE}\n`],
    ["reading strings and comments as such", 'echo "exit; fi (" # done || \nnpm test\n', `echo "exit; fi (" # done || \n${LINE}\nnpm test\n`],
  ];
  for (const [what, before, after] of cases)
    it(what, () => {
      expect(withLine(before, LINE)).toBe(after);
      expect(removeLine(after)).toEqual({ without: before, created: false }); // uninstall gives back the bytes
    });

  it("declines anything but a plain list of one-line commands: the user places the line", () => {
    const unsure = [
      "npm test ||\n  exit 1\n", // a continued line
      '[ -n "$CI" ] || exit 0\nnpx lint-staged\n', // an exit before the last command
      "npx lint-staged; exit 0\n", // an exit joined to the last command
      "npm test && npx lint-staged\nexit $?\n", // a status we would change
      "exit 0 # disabled\nnpx lint-staged\n", // the hook ends early
      'case "$1" in\n  1) exit 0;;\n  *) exec lint-staged;;\nesac\n', // a block
      "if ! npm test; then\n  exit 1; fi\n",
      'for f in a b; do\n  echo "$f"\ndone | cat\n',
      "finish() { npx lint-staged; }\nfinish\n", // a function
      "exec sh <<'EOF'\nnpx lint-staged\nEOF\n", // a heredoc
      'echo "all done, you can now\nexit"\n', // a string over two lines
      "npm test \\\n", // a dangling backslash
      "set +e\nnpm test\n", // failures would not stop the hook
      "(cd web && npm test)\n", // a subshell
    ];
    for (const text of unsure) expect(withLine(text, LINE), text).toBeNull();
  });

  it("removes only the line it wrote: a team's own `mighook check --staged` stays", () => {
    expect(removeLine("npm test\nmighook check --staged\n")).toBeNull();
    const local = huskyLine("node_modules/.bin/mighook check --staged");
    expect(removeLine(`mighook check --staged\n${local}\n`)).toEqual({ without: "mighook check --staged\n", created: false });
  });
});
