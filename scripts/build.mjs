// Bundles the CLI into dist/ so that the installed package needs no build tools
// and starts fast: each command, and heavy modules such as zod, land in chunks
// that load only when a command imports them.
import { build } from "esbuild";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const pkg = JSON.parse(readFileSync("package.json", "utf8"));
rmSync("dist", { recursive: true, force: true });
await build({
  entryPoints: { cli: "src/cli.ts" },
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minify: true,
  chunkNames: "chunks/[name]-[hash]",
  // PostgreSQL's parser stays a package of its own: its 1.7 MB .wasm is read
  // from node_modules at run time, and only when a migration changed. So do
  // PGlite (27 MB of WASM) and pg, optional dependencies loaded only by --apply.
  external: ["libpg-query", "@electric-sql/pglite", "@electric-sql/pglite/*", "pg"],
  define: { MIGHOOK_VERSION: JSON.stringify(pkg.version) },
  banner: {
    // Bundled CommonJS dependencies (simple-git) call require(); give ESM one.
    js: "import{createRequire as __mighookRequire}from'node:module';const require=__mighookRequire(import.meta.url);",
  },
  logLevel: "warning",
});

// schema.json is generated from the zod schema, so editors and mighook agree.
const tmp = mkdtempSync(join(tmpdir(), "mighook-schema-"));
await build({ entryPoints: ["src/config/json-schema.ts"], outfile: join(tmp, "schema.mjs"), bundle: true, format: "esm", platform: "node", logLevel: "warning" });
const { configJsonSchema } = await import(pathToFileURL(join(tmp, "schema.mjs")).href);
const schema = { $id: "https://unpkg.com/mighook/schema.json", title: "mighook configuration", ...configJsonSchema() };
writeFileSync("schema.json", `${JSON.stringify(schema, null, 2)}\n`);
rmSync(tmp, { recursive: true, force: true });
