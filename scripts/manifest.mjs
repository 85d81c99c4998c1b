// The published package.json must not carry "prepare": "husky". That script
// sets up mighook's own development hooks; in a user's install npm would flag
// it as an install script to approve (and it would have nothing to do).
// npm reads package.json after "prepack", so prepack strips it and postpack
// puts the file back exactly as it was.
//
//   node scripts/manifest.mjs strip | restore
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";

const FILE = "package.json";
const BACKUP = "package.json.prepack";

const mode = process.argv[2];
if (mode === "strip") {
  if (existsSync(BACKUP)) renameSync(BACKUP, FILE); // a pack that died half-way
  const text = readFileSync(FILE, "utf8");
  writeFileSync(BACKUP, text);
  const manifest = JSON.parse(text);
  delete manifest.scripts.prepare;
  writeFileSync(FILE, `${JSON.stringify(manifest, null, 2)}\n`);
} else if (mode === "restore") {
  if (existsSync(BACKUP)) renameSync(BACKUP, FILE);
} else {
  console.error("usage: node scripts/manifest.mjs strip | restore");
  process.exitCode = 2;
}
