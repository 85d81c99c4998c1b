import { incidentFiles, incidentListed, migrationSql, suiteGo, SUITE } from "../../scripts/fixtures.mjs";
import { Repo } from "./repo.js";

export { incidentListed, migrationSql, suiteGo, SUITE };

/** A repository shaped like the incident's service, committed once. */
export function incidentRepo(options: { config?: boolean } = {}): Repo {
  const repo = new Repo();
  for (const [path, content] of Object.entries(incidentFiles(options))) repo.write(path, content as string);
  return repo.commitAll("baseline");
}

/** The suite file listing `files` in both of its lists. */
export const suiteListing = (files: string[]) => suiteGo(files);

/** Inserts `file` before the 1000_ special, as a careful developer would. */
export function listedWith(...files: string[]): string[] {
  const listed = incidentListed().filter((f: string) => !f.startsWith("1000_"));
  return [...listed, ...files, "1000_create_audit_events_partitions.sql"];
}

/** The values of every `migrations := []string{...}` list in a suite file, one array per list. */
export function lists(go: string): string[][] {
  return [...go.matchAll(/migrations := \[\]string\{([\s\S]*?)\n\t\}/g)].map((m) => [...m[1]!.matchAll(/"([^"]*)"/g)].map((e) => e[1]!));
}

/** A path's staged content. */
export const staged = (repo: Repo, path: string) => repo.git("show", `:${path}`);

export interface JsonFinding {
  rule: string;
  severity: string;
  file: string;
  line: number | null;
  message: string;
  hint: string;
}

/** `check --format json` output. */
export const json = (stdout: string) => JSON.parse(stdout) as { ok: boolean; findings: JsonFinding[] };
