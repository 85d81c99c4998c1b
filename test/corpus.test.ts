import { cpSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Repo } from "./helpers/repo.js";

// Every rule, end to end, on small repositories kept as plain files.
const corpus = join(import.meta.dirname, "corpus/repos");

describe("repository corpus", () => {
  for (const name of readdirSync(corpus).filter((entry) => !entry.includes("."))) {
    it(name, () => {
      const repo = new Repo();
      cpSync(join(corpus, name, "files"), repo.dir, { recursive: true });
      repo.git("add", "-A");
      const expected = JSON.parse(readFileSync(join(corpus, name, "expect.json"), "utf8")) as string[];
      const result = repo.mighook(["check", "--staged", "--format", "json"]);
      const findings = (JSON.parse(result.stdout) as { findings: Array<{ rule: string; file: string; line: number | null }> }).findings;
      expect(findings.map((f) => `${f.rule} ${f.file}:${f.line}`).sort()).toEqual(expected);
      expect(result.code).toBe(expected.length ? 1 : 0);
    });
  }
});
