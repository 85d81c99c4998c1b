import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { incidentRepo } from "./helpers/incident.js";
import type { Repo, RunResult } from "./helpers/repo.js";

// `install` then `uninstall` gives back every manager's file byte for byte:
// with a Latin-1 byte (not UTF-8), CRLF line ends and no final newline, in
// every combination. Each file must also hold mighook between the two.
const output = (result: RunResult) => result.stdout + result.stderr;
const LATIN1 = Buffer.from([0xe9]); // "é" in Latin-1: on its own, invalid UTF-8

/** The file's bytes in each of the eight styles: latin1 or UTF-8 "é", LF or CRLF, final newline or not. */
function styles(lines: string[]): Array<{ name: string; bytes: Buffer }> {
  const out: Array<{ name: string; bytes: Buffer }> = [];
  for (const latin1 of [true, false])
    for (const eol of ["\n", "\r\n"])
      for (const final of [true, false]) {
        const text = lines.join(eol) + (final ? eol : "");
        const parts = text.split("\u00e9").map((part) => Buffer.from(part, "utf8"));
        const e = latin1 ? LATIN1 : Buffer.from("\u00e9", "utf8");
        const bytes = Buffer.concat(parts.flatMap((part, i) => (i ? [e, part] : [part])));
        out.push({ name: `${latin1 ? "latin1" : "utf8"} ${eol === "\n" ? "LF" : "CRLF"}${final ? "" : " no final newline"}`, bytes });
      }
  return out;
}

/** `installs`: install's exit code; 1 where the manager's own hooks are not installed in the clone (not protected yet). */
function roundTrip(repo: Repo, file: string, bytes: Buffer, mustHold: string, name: string, installs = 0): void {
  const path = join(repo.dir, file);
  writeFileSync(path, bytes, { mode: 0o755 });
  const installed = repo.mighook(["install"]);
  expect(installed.code, `${name}: ${output(installed)}`).toBe(installs);
  const during = readFileSync(path);
  expect(during.toString("latin1"), name).toContain(mustHold);
  // The team's bytes are still there beside mighook's (a native hook moves aside whole).
  if (!file.startsWith(".git/")) expect(during.includes(LATIN1) || during.includes(Buffer.from("\u00e9")), name).toBe(true);
  const removed = repo.mighook(["uninstall"]);
  expect(removed.code, `${name}: ${output(removed)}`).toBe(0);
  expect(readFileSync(path).equals(bytes), `${name}: ${JSON.stringify(readFileSync(path).toString("latin1"))}`).toBe(true);
}

describe("install then uninstall is byte-exact for every manager's file", () => {
  it("native hook: the chained hook comes back as it was", () => {
    for (const { name, bytes } of styles(["#!/bin/sh", "# caf\u00e9 team hook", "exit 0"])) {
      const repo = incidentRepo();
      roundTrip(repo, ".git/hooks/pre-commit", bytes, "mighook-hook", name);
    }
  });

  it("husky 9 (core.hooksPath .husky/_)", () => {
    for (const { name, bytes } of styles(["# caf\u00e9", "npm run lint", "npm test"])) {
      const repo = incidentRepo();
      repo.write(".husky/_/h", "").git("config", "core.hooksPath", ".husky/_");
      roundTrip(repo, ".husky/pre-commit", bytes, "mighook", name);
    }
  });

  it("husky 8 (core.hooksPath .husky, husky.sh header)", () => {
    for (const { name, bytes } of styles(["#!/usr/bin/env sh", '. "$(dirname -- "$0")/_/husky.sh"', "", "# caf\u00e9", "npx lint-staged"])) {
      const repo = incidentRepo();
      repo.write(".husky/_/husky.sh", "").git("config", "core.hooksPath", ".husky");
      roundTrip(repo, ".husky/pre-commit", bytes, "mighook", name);
    }
  });

  it("lefthook.yml, with and without a pre-commit hook", () => {
    const configs = [
      ["# caf\u00e9", "pre-push:", "  commands:", "    test:", "      run: npm test"],
      ["pre-commit:", "  commands:", "    lint:", "      run: echo caf\u00e9"],
    ];
    for (const lines of configs)
      for (const { name, bytes } of styles(lines)) {
        const repo = incidentRepo();
        roundTrip(repo, "lefthook.yml", bytes, "mighook", `${lines[0]} ${name}`, 1);
      }
  });

  it(".pre-commit-config.yaml", () => {
    const lines = ["# caf\u00e9", "repos:", "  - repo: local", "    hooks:", "      - id: lint", "        name: caf\u00e9", "        entry: 'true'", "        language: system"];
    for (const { name, bytes } of styles(lines)) {
      const repo = incidentRepo();
      roundTrip(repo, ".pre-commit-config.yaml", bytes, "mighook", name, 1);
    }
  });
});
