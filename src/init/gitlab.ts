import type { WorkflowOptions } from "./github.js";
import { CI_NODE_VERSION } from "./github.js";

// `mighook init --ci gitlab`: one job that checks a change against its base
// and leaves a Code Quality report, which GitLab shows on the merge request.
//  - merge request pipelines: against CI_MERGE_REQUEST_DIFF_BASE_SHA;
//  - branch pipelines: against CI_COMMIT_BEFORE_SHA (the commit before the
//    push), or the default branch when that is none (a new branch) or gone.
// GIT_DEPTH 0 fetches the whole history: --base needs the merge base.
export const GITLAB_CI_FILE = ".gitlab-ci.yml";
/** Where the job goes when the project already has a .gitlab-ci.yml: its own file, to include. */
export const GITLAB_JOB_FILE = ".gitlab/ci/mighook.yml";
export const CODE_QUALITY_REPORT = "gl-code-quality-report.json";

const quote = (value: string) => JSON.stringify(value);

export const GITLAB_BASE_SCRIPT = [
  'if [ -n "${CI_MERGE_REQUEST_DIFF_BASE_SHA:-}" ]; then',
  '  base="$CI_MERGE_REQUEST_DIFF_BASE_SHA"',
  'elif [ -n "${CI_COMMIT_BEFORE_SHA:-}" ] && [ "$CI_COMMIT_BEFORE_SHA" != 0000000000000000000000000000000000000000 ] && git cat-file -e "$CI_COMMIT_BEFORE_SHA^{commit}" 2>/dev/null; then',
  '  base="$CI_COMMIT_BEFORE_SHA"',
  "else",
  '  git fetch --quiet origin "+refs/heads/$CI_DEFAULT_BRANCH:refs/remotes/origin/$CI_DEFAULT_BRANCH"',
  '  base="origin/$CI_DEFAULT_BRANCH"',
  "fi",
];

export function gitlabJob({ paths, install }: WorkflowOptions): string {
  const mighook = install.kind === "project" ? "npx mighook" : "mighook";
  const changes = paths.map((path) => `        - ${quote(path)}`);
  return [
    "# mighook: a change's migrations and the test suites that list them must agree.",
    "# Written by `mighook init --ci gitlab`; edit it as you like.",
    "mighook:",
    "  stage: test",
    `  image: node:${CI_NODE_VERSION}`,
    "  variables:",
    '    GIT_DEPTH: "0" # all history: --base compares with the merge base',
    "  rules:",
    '    - if: $CI_PIPELINE_SOURCE == "merge_request_event"',
    "      changes:",
    ...changes,
    "    - if: $CI_COMMIT_BRANCH",
    "      changes:",
    ...changes,
    "  script:",
    install.kind === "project" ? "    - npm ci" : `    - npm install --global ${install.spec}`,
    "    - |",
    ...GITLAB_BASE_SCRIPT.map((line) => `      ${line}`),
    `      ${mighook} check --base "$base" --format gitlab --output-file ${CODE_QUALITY_REPORT}`,
    "  artifacts:",
    "    when: always # the report matters most when the check fails",
    "    reports:",
    `      codequality: ${CODE_QUALITY_REPORT}`,
    "",
  ].join("\n");
}
