// `mighook init --ci github`: a workflow that checks a change against what it
// is based on, for the three events that carry changes to a branch:
//  - pull_request: against the target branch (GITHUB_BASE_REF);
//  - push: against the commit before the push (github.event.before), or the
//    default branch when that is none (a new branch) or is gone (a force push);
//  - merge_group (a merge queue): against the queue's base commit.
// Event values reach the script through env:, never spliced into it with
// ${{ }}, so that a branch name is never read as shell.
export const WORKFLOW_FILE = ".github/workflows/mighook.yml";

/** Current majors (late 2026): both run on Node 24, the runtime GitHub runs actions on. */
export const CHECKOUT_ACTION = "actions/checkout@v6";
export const SETUP_NODE_ACTION = "actions/setup-node@v6";
/** Node 24 is the active LTS; Node 20 is past its end of life. */
export const CI_NODE_VERSION = "24";

export interface WorkflowOptions {
  /** paths that make the workflow run: folders end with /** */
  paths: string[];
  /** how mighook gets onto the runner */
  install: { kind: "project" } | { kind: "global"; spec: string };
}

const quote = (value: string) => JSON.stringify(value); // a JSON string is a valid YAML scalar

/** The shell that picks the base for each event (POSIX sh; run by bash -e on the runner). */
export const GITHUB_BASE_SCRIPT = [
  'case "$EVENT" in',
  '  pull_request) base="origin/$PR_BASE" ;;',
  '  merge_group) base="$QUEUE_BASE" ;;',
  "  *)",
  "    # A push: the commit before it, unless the branch is new or was force-pushed over it.",
  '    if [ -n "$PUSH_BEFORE" ] && [ "$PUSH_BEFORE" != 0000000000000000000000000000000000000000 ] && git cat-file -e "$PUSH_BEFORE^{commit}" 2>/dev/null; then',
  '      base="$PUSH_BEFORE"',
  "    else",
  '      base="origin/$DEFAULT_BRANCH"',
  "    fi",
  "    ;;",
  "esac",
];

export function githubWorkflow({ paths, install }: WorkflowOptions): string {
  const mighook = install.kind === "project" ? "npx mighook" : "mighook";
  const setup =
    install.kind === "project"
      ? [`      - uses: ${SETUP_NODE_ACTION}`, "        with:", `          node-version: ${CI_NODE_VERSION}`, "          cache: npm", "      - run: npm ci"]
      : [`      - uses: ${SETUP_NODE_ACTION}`, "        with:", `          node-version: ${CI_NODE_VERSION}`, `      - run: npm install --global ${install.spec}`];
  const pathList = paths.map((path) => `      - ${quote(path)}`);
  return [
    "# mighook: a change's migrations and the test suites that list them must agree.",
    "# Written by `mighook init --ci github`; edit it as you like.",
    "name: mighook",
    "",
    "on:",
    "  pull_request:",
    "    paths:",
    ...pathList,
    "  push:",
    "    paths:",
    ...pathList,
    "  # A merge queue runs every required check (paths filters don't apply to it).",
    "  merge_group:",
    "",
    "permissions:",
    "  contents: read",
    "",
    "jobs:",
    "  check:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    `      - uses: ${CHECKOUT_ACTION}`,
    "        with:",
    "          fetch-depth: 0 # all history: --base compares with the merge base",
    ...setup,
    "      - name: mighook check",
    "        env:",
    "          EVENT: ${{ github.event_name }}",
    "          PR_BASE: ${{ github.base_ref }}",
    "          PUSH_BEFORE: ${{ github.event.before }}",
    "          QUEUE_BASE: ${{ github.event.merge_group.base_sha }}",
    "          DEFAULT_BRANCH: ${{ github.event.repository.default_branch }}",
    "        run: |",
    ...GITHUB_BASE_SCRIPT.map((line) => `          ${line}`),
    `          ${mighook} check --base "$base" --format github`,
    "",
  ].join("\n");
}
