// npm's "prepare" step, run in two places:
//  - mighook's own clone (`npm ci`): husky sets up mighook's development hooks;
//  - a git checkout installed as a dependency (`npm install github:…`, or the
//    pre-commit framework's `repo:` route, which npm-installs the checkout):
//    the checkout has no dist/, so the CLI is built here.
// Neither may fail for want of a dev-only tool: the build runs only when dist/
// is missing and esbuild is installed, husky only when it is installed and
// this is a git working tree. The published package carries no "prepare"
// (scripts/manifest.mjs strips it), since dist/ is in the tarball.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

// Installed in this checkout's node_modules (npm installs a git dependency's dev dependencies to prepare it).
const has = (name) => existsSync(`node_modules/${name}/package.json`);
const node = (args) => spawnSync(process.execPath, args, { stdio: "inherit" }).status ?? 1;

if (!existsSync("dist/cli.js")) {
  if (!has("esbuild")) {
    console.error("mighook: dist/ is missing and esbuild is not installed, so the CLI can't be built here.");
    console.error("  → Install mighook from its npm tarball (npm pack), or run npm install with dev dependencies in the checkout.");
    process.exit(1);
  }
  const status = node(["scripts/build.mjs"]);
  if (status !== 0) process.exit(status);
}

if (has("husky") && existsSync(".git") && process.env.HUSKY !== "0") {
  // husky 9's bin: sets core.hooksPath for mighook's own hooks; never fatal.
  node(["node_modules/husky/bin.js"]);
}
