import { describe, expect, it } from "vitest";
import { formatGitlab } from "../src/report/machine.js";
import type { Finding } from "../src/rules/types.js";

const finding = (line: number): Finding => ({
  rule: "missing-from-suite",
  severity: "error",
  file: "test/suite_test.go",
  line,
  message: "list `migrations` lacks 022_x.sql",
  hint: "Add it.",
});
const fingerprints = (findings: Finding[]) => (JSON.parse(formatGitlab(findings)) as Array<{ fingerprint: string }>).map((i) => i.fingerprint);

describe("GitLab Code Quality fingerprints", () => {
  it("stay the same when lines above the finding move, so GitLab keeps it one issue", () => {
    expect(fingerprints([finding(12)])).toEqual(fingerprints([finding(13)]));
    const cites = (line: number): Finding => ({ ...finding(line), rule: "duplicate-in-suite", message: `005_a.sql is listed twice, first on line ${line - 18}` });
    expect(fingerprints([cites(30)])).toEqual(fingerprints([cites(31)]));
  });

  it("tell apart findings alike in all but their line (two lists of one name in one file)", () => {
    const [first, second] = fingerprints([finding(12), finding(40)]);
    expect(first).not.toBe(second);
    expect(fingerprints([finding(14), finding(42)])).toEqual([first, second]);
  });
});
