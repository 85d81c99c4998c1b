import { encodePath } from "../path-bytes.js";
import { hashHex } from "../lazy-builtins.js";
import type { Finding } from "../rules/types.js";

declare const MIGHOOK_VERSION: string;

// SARIF 2.1.0, as GitHub code scanning reads it (github/codeql-action/upload-sarif):
// one run, the rules that fired as the driver's rules, one result per finding
// located on the file and line, and a fingerprint that leaves line numbers out,
// so that an alert stays one alert when lines above it move.
const SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** A repository path as a relative URI reference: each segment percent-encoded. */
// Percent-encoded from the path's bytes (path-bytes.ts), as encodeURIComponent
// would for UTF-8: a name that is not UTF-8 keeps its exact bytes (%E9), where
// encodeURIComponent would throw on it.
export const pathUri = (path: string) =>
  path
    .split("/")
    .map((segment) => [...encodePath(segment)].map((b) => (/[A-Za-z0-9\-_.!~*'()]/.test(String.fromCharCode(b)) && b < 0x80 ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, "0")}`)).join(""))
    .join("/");

const driver = (rules: Array<{ id: string; doc: string }>) => ({
  name: "mighook",
  version: typeof MIGHOOK_VERSION === "string" ? MIGHOOK_VERSION : "0.0.0",
  informationUri: "https://www.npmjs.com/package/mighook",
  rules: rules.map(({ id, doc }) => ({ id, name: id, shortDescription: { text: doc } })),
});

export function formatSarif(findings: Finding[], docs: ReadonlyMap<string, string> = new Map()): string {
  const ids = [...new Set(findings.map((f) => f.rule))];
  const rules = ids.map((id) => ({ id, doc: docs.get(id) ?? id }));
  const seen = new Map<string, number>();
  const results = findings.map((f) => {
    const key = `${f.rule}\0${f.file}\0${f.message.replace(/\b(lines?) \d+(?:(?:,| and|, and) \d+)*/g, "$1 N")}`;
    const nth = seen.get(key) ?? 0;
    seen.set(key, nth + 1);
    return {
      ruleId: f.rule,
      ruleIndex: ids.indexOf(f.rule),
      level: f.severity === "error" ? "error" : "warning",
      message: { text: `${f.message}. ${f.hint}` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: pathUri(f.file), uriBaseId: "%SRCROOT%" },
            // A finding about a whole file still needs a line to show on the diff.
            region: { startLine: f.line ?? 1 },
          },
        },
      ],
      partialFingerprints: { "mighookFinding/v1": hashHex("sha256", nth ? `${key}\0${nth}` : key) },
    };
  });
  return sarifLog(rules, results, { executionSuccessful: true });
}

/** The log for a run that stopped with exit 2: no results, and why, as a tool notification. */
export function formatSarifFailure(message: string, hint: string | undefined): string {
  return sarifLog([], [], {
    executionSuccessful: false,
    toolExecutionNotifications: [{ level: "error", message: { text: hint ? `${message}. ${hint}` : message } }],
  });
}

function sarifLog(rules: Array<{ id: string; doc: string }>, results: unknown[], invocation: Record<string, unknown>): string {
  const log = {
    $schema: SCHEMA,
    version: "2.1.0",
    runs: [{ tool: { driver: driver(rules) }, invocations: [invocation], results }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
