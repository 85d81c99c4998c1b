// Bundles the CLI into dist/ so that the installed package needs no build tools
// and starts fast: dist/mighook.js holds all of mighook, dist/cli.js starts it.
import { build } from "esbuild";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const pkg = JSON.parse(readFileSync("package.json", "utf8"));
rmSync("dist", { recursive: true, force: true });
const common = { bundle: true, format: "cjs", platform: "node", target: "node20", minify: true, logLevel: "warning" };
// One CommonJS file: Node loads it faster than ES module chunks (no module
// graph to resolve and link), and dist/cli.js compiles it with V8's code
// cache (src/launch.ts). Each command's code runs only when asked for: the
// hook pays for `check` and nothing else.
await build({
  ...common,
  entryPoints: ["src/cli.ts"],
  outfile: "dist/mighook.js",
  // PostgreSQL's parser stays a package of its own: its 1.7 MB .wasm is read
  // from node_modules at run time, and only when a migration changed. So do
  // PGlite (27 MB of WASM) and pg, optional dependencies loaded only by --apply.
  // They are ES modules, reached by import(), which esbuild keeps as it is.
  external: ["libpg-query", "@electric-sql/pglite", "@electric-sql/pglite/*", "pg"],
  define: { MIGHOOK_VERSION: JSON.stringify(pkg.version), "import.meta.url": "__mighookUrl" },
  banner: { js: 'var __mighookUrl=require("node:url").pathToFileURL(__filename).href;' },
});
await build({ ...common, entryPoints: ["src/launch.ts"], outfile: "dist/cli.js", banner: { js: "#!/usr/bin/env node" } });
chmodSync("dist/cli.js", 0o755);
// The package is "type": "module" (its scripts and tests); these two files are CommonJS.
writeFileSync("dist/package.json", `${JSON.stringify({ type: "commonjs" }, null, 2)}\n`);

// schema.json is generated from the zod schema, so editors and mighook agree.
const tmp = mkdtempSync(join(tmpdir(), "mighook-schema-"));
await build({ entryPoints: ["src/config/json-schema.ts"], outfile: join(tmp, "schema.mjs"), bundle: true, format: "esm", platform: "node", logLevel: "warning" });
const { configJsonSchema } = await import(pathToFileURL(join(tmp, "schema.mjs")).href);
const schema = { $id: "https://unpkg.com/mighook/schema.json", title: "mighook configuration", ...configJsonSchema() };
writeFileSync("schema.json", `${JSON.stringify(schema, null, 2)}\n`);
rmSync(tmp, { recursive: true, force: true });
