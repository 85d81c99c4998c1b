// Resolved configuration, as the rest of mighook sees it: paths normalised,
// defaults filled in. Kept free of zod so the hook's fast path never loads it.
export interface SuiteConfig {
  file: string;
  list: string;
  /** migrations this list leaves out on purpose (file name → reason), beside the set's skip */
  skip: Record<string, string>;
}

export interface SetConfig {
  name: string;
  dir: string;
  format: "goose";
  special: string[];
  skip: Record<string, string>;
  suites: SuiteConfig[];
  requireDown: boolean;
  /** goose runs with -allow-missing: not-after-base warns instead of blocking */
  outOfOrder?: boolean;
  baseRef?: string;
  /** "none" turns the SQL checks off */
  dialect: "postgres" | "none";
  /** the PostgreSQL major version the migrations run on, when the config names one */
  postgres?: number;
}

export interface ApplyConfig {
  /** the hook (check --staged) applies the migrations too */
  enabled: boolean;
  /** repository path of the SQL run before the first migration */
  setup: string | null;
}

export interface Config {
  /** where it came from: "mighook.config.json", "package.json" or null for the built-in default */
  source: string | null;
  /** the config file's text, to find line numbers for findings about it */
  text: string | null;
  sets: SetConfig[];
  /** absent: off */
  apply?: ApplyConfig;
}

export const CONFIG_FILE = "mighook.config.json";
export const PACKAGE_FILE = "package.json";

export const defaultConfig = (): Config => ({
  source: null,
  text: null,
  sets: [{ name: "migrations", dir: "migrations", format: "goose", special: [], skip: {}, suites: [], requireDown: true, dialect: "postgres" }],
  apply: { enabled: false, setup: null },
});
