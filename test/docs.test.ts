import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { gitEnv, Repo } from "./helpers/repo.js";
import { rules } from "../src/rules/index.js";

const root = resolve(import.meta.dirname, "..");
const pages = readdirSync(join(root, "docs/rules"))
  .filter((file) => file.endsWith(".md") && file !== "README.md")
  .map((file) => file.slice(0, -".md".length));

/** Every rule id a finding can carry: the rule modules', and any other finding made in src/ (the SQL layer's, say). */
function ruleIds(): Set<string> {
  const ids = new Set(rules.map((rule) => rule.id));
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
  for (const file of walk(join(root, "src"))) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/\b(?:error|warning|finding)\(\s*"([a-z][a-z0-9-]*)"/g)) ids.add(match[1]!);
    for (const match of text.matchAll(/\brule:\s*"([a-z][a-z0-9-]*)"/g)) ids.add(match[1]!);
  }
  return ids;
}

describe("rule docs", () => {
  it("every rule has its page under docs/rules/, and every page names a rule that exists", () => {
    const ids = ruleIds();
    expect([...ids].filter((id) => !pages.includes(id)), "rules without a page").toEqual([]);
    expect(pages.filter((page) => !ids.has(page)), "pages without a rule").toEqual([]);
  });

  it("every page has the sections a reader looks for, and the index links every page", () => {
    const index = readFileSync(join(root, "docs/rules/README.md"), "utf8");
    for (const page of pages) {
      const text = readFileSync(join(root, "docs/rules", `${page}.md`), "utf8");
      expect(text.startsWith(`# ${page}\n`), page).toBe(true);
      for (const section of ["## What it catches", "## Why it matters", "## Example", "## How to fix", "## When to skip it"])
        expect(text, `${page}: ${section}`).toContain(section);
      expect(index, `docs/rules/README.md links ${page}`).toContain(`(${page}.md)`);
    }
  });

  it("explain prints a page from the installed package, offline; a typo gets a did-you-mean and exit 2", () => {
    const repo = new Repo();
    const shown = repo.mighook(["explain", "missing-from-suite"]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toBe(readFileSync(join(root, "docs/rules/missing-from-suite.md"), "utf8"));
    const typo = repo.mighook(["explain", "missing-from-suit"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("Did you mean `mighook explain missing-from-suite`?");
    const listed = repo.mighook(["explain"]);
    expect(listed.code).toBe(2);
    for (const page of pages) expect(listed.stdout).toContain(`  ${page}\n`);
  });

  it("each JSON finding links its rule's page, and the link opens a file in the installed package", () => {
    const repo = new Repo();
    repo.write("migrations/001_a.sql", "-- +goose Up\nSELECT 1;\n-- +goose Down\nSELECT 1;\n");
    repo.write("migrations/001_b.sql", "-- +goose Up\nSELECT 1;\n-- +goose Down\nSELECT 1;\n");
    repo.git("add", "-A");
    const result = repo.mighook(["check", "--staged", "--format", "json"]);
    expect(result.code).toBe(1);
    const { findings } = JSON.parse(result.stdout);
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) {
      expect(finding.docs).toMatch(new RegExp(`^file://.*/docs/rules/${finding.rule}\\.md$`));
      expect(existsSync(fileURLToPath(finding.docs))).toBe(true);
    }
  });
});

describe("config docs", () => {
  it("docs/config.md documents every key of schema.json", () => {
    const schema = JSON.parse(readFileSync(join(root, "schema.json"), "utf8"));
    const keys: string[] = [];
    const walk = (node: any, prefix: string): void => {
      if (!node || typeof node !== "object") return;
      if (node.type === "array" && node.items) return walk(node.items, `${prefix}[]`);
      for (const [key, value] of Object.entries(node.properties ?? {})) {
        const path = prefix ? `${prefix}.${key}` : key;
        keys.push(path);
        walk(value, path);
      }
      for (const branch of [...(node.anyOf ?? []), ...(node.oneOf ?? [])]) walk(branch, prefix);
      if (node.additionalProperties && typeof node.additionalProperties === "object") walk(node.additionalProperties, `${prefix}.*`);
    };
    walk(schema, "");
    expect(keys.length).toBeGreaterThan(5);
    const docs = readFileSync(join(root, "docs/config.md"), "utf8");
    expect(keys.filter((key) => !docs.includes(`\`${key}\``)), "keys docs/config.md does not name").toEqual([]);
  });
});

describe("command docs", () => {
  it("docs/commands.md has a section for every command the CLI runs", () => {
    const cli = readFileSync(join(root, "src/cli.ts"), "utf8");
    const names = [...cli.matchAll(/^  ([a-z]+): \(\) => import\(/gm)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(5);
    const headings = readFileSync(join(root, "docs/commands.md"), "utf8").split("\n").filter((line) => line.startsWith("## "));
    expect(names.filter((name) => !headings.some((h) => h.includes(`mighook ${name}`))), "commands without a section").toEqual([]);
  });
});

describe("README", () => {
  it("is one screen: the two commands first, at most about 120 lines", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    expect(readme.split("\n").length).toBeLessThanOrEqual(125);
    const firstBlock = readme.slice(readme.indexOf("```sh"), readme.indexOf("```", readme.indexOf("```sh") + 5));
    expect(firstBlock).toContain("npm ci && npm run demo");
    expect(firstBlock).toContain("npm test");
  });

  it("links only docs pages that exist", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    for (const [, link] of readme.matchAll(/\]\((docs\/[^)#]+)\)/g)) expect(existsSync(join(root, link!)), link).toBe(true);
  });

  it("quotes the demo's real output: every line of its sample appears in what `npm run demo` prints", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const sample = /```text\n(\$ git commit[^]*?)```/.exec(readme)?.[1];
    expect(sample, "README's sample output").toBeDefined();
    // gitEnv: under a git hook, GIT_INDEX_FILE would point the demo's git at this repository's index.
    const demo = spawnSync(process.execPath, [join(root, "scripts/demo.mjs")], { cwd: root, encoding: "utf8", env: gitEnv({ FORCE_COLOR: "0", NO_COLOR: "1" }) });
    expect(demo.status, demo.stderr).toBe(0);
    // git shows a hook's output on stderr; Node 20's styleText colours even off a terminal.
    const printed = new Set(`${demo.stdout}\n${demo.stderr}`.replace(/\x1b\[[0-9;]*m/g, "").split("\n").map((line) => line.trimEnd()));
    for (const line of sample!.split("\n").filter(Boolean)) expect(printed.has(line.trimEnd()), line).toBe(true);
  });
});
