// `mighook init --ci github`: a workflow that runs on pull requests touching
// the migration folders, suite files or config, and checks the change against
// the target branch. GITHUB_BASE_REF is read from the environment rather than
// spliced into the script with ${{ }}, which keeps a branch name from ever
// being read as shell.
export const WORKFLOW_FILE = ".github/workflows/mighook.yml";

export interface WorkflowOptions {
  /** paths that make the workflow run: folders end with /** */
  paths: string[];
  /** how mighook gets onto the runner */
  install: { kind: "project" } | { kind: "global"; spec: string };
}

const quote = (value: string) => JSON.stringify(value); // a JSON string is a valid YAML scalar

export function githubWorkflow({ paths, install }: WorkflowOptions): string {
  const check = 'mighook check --base "origin/$GITHUB_BASE_REF" --format github';
  const steps =
    install.kind === "project"
      ? [
          "      - uses: actions/setup-node@v4",
          "        with:",
          "          node-version: 20",
          "          cache: npm",
          "      - run: npm ci",
          `      - run: npx ${check}`,
        ]
      : [
          "      - uses: actions/setup-node@v4",
          "        with:",
          "          node-version: 20",
          `      - run: npm install --global ${install.spec}`,
          `      - run: ${check}`,
        ];
  return [
    "# mighook: a pull request's migrations and the test suites that list them must agree.",
    "# Written by `mighook init --ci github`; edit it as you like.",
    "name: mighook",
    "",
    "on:",
    "  pull_request:",
    "    paths:",
    ...paths.map((path) => `      - ${quote(path)}`),
    "",
    "permissions:",
    "  contents: read",
    "",
    "jobs:",
    "  check:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - uses: actions/checkout@v4",
    "        with:",
    "          fetch-depth: 0 # all history: --base compares with the merge base of the target branch",
    ...steps,
    "",
  ].join("\n");
}
