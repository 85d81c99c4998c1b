import * as z from "zod/mini";

// The one definition of mighook's configuration. schema.json (for editors) is
// generated from it at build time (json-schema.ts), so the two cannot drift.
// zod/mini: the same validation as zod, at a fraction of the load time, which
// every relevant commit pays.
const goIdentifier = /^[\p{L}_][\p{L}\p{Nd}_]*$/u;
const text = (description: string) => z.string().check(z.minLength(1, "must not be empty"), z.describe(description));

// file name → why it is left out; a set's and a suite's skip read alike.
const skipRecord = (description: string) =>
  z._default(
    z.record(z.string().check(z.minLength(1)), z.string().check(z.minLength(1, "give the reason this migration is left out"))).check(z.describe(description)),
    {},
  );

const suite = z.strictObject({
  // A suite is a Go file: the hook's fast path skips commits that touch no .go file.
  file: z.string().check(
    z.minLength(1, "must not be empty"),
    z.regex(/\.go$/, "must be a Go file (ending in .go), like test/integration/datastorage/suite_test.go"),
    z.describe("Go test file, relative to the repository root, that lists migrations by hand"),
  ),
  list: z._default(
    z.string().check(z.regex(goIdentifier, "must be a Go identifier, like migrations"), z.describe("Name of the Go variable holding the []string list")),
    "migrations",
  ),
  // Lists differ: one may leave out a migration the others apply. A skip here
  // exempts it from this list only; the set's skip is for what no list applies.
  skip: skipRecord("Migrations deliberately left out of this list only, with the reason"),
});

const migrationSet = z.strictObject({
  name: z.optional(text("Name used by --set; defaults to dir")),
  dir: text("Folder holding the migrations, relative to the repository root"),
  format: z._default(z.literal("goose").check(z.describe("Migration tool whose rules apply")), "goose"),
  special: z._default(
    z.array(z.string().check(z.minLength(1, "must not be empty"))).check(
      z.describe("Globs (file names) of migrations pinned last in suite lists and never counted for the next number"),
    ),
    [],
  ),
  skip: skipRecord("Migrations deliberately left out of every list, with the reason (for one list only, use that suite's skip)"),
  suites: z._default(z.array(suite).check(z.describe("Test suites that list this set's migrations")), []),
  requireDown: z._default(z.boolean().check(z.describe("Require a -- +goose Down section in new and changed migrations")), true),
  outOfOrder: z._default(
    z.boolean().check(z.describe("goose runs with -allow-missing (out-of-order migrations): a new migration numbered below the base branch's highest is a warning, not an error")),
    false,
  ),
  baseRef: z.optional(text("Base branch for cross-branch rules, e.g. origin/main")),
  dialect: z._default(
    z.enum(["postgres", "none"]).check(z.describe('SQL dialect the migrations are checked against; "none" turns the SQL checks off')),
    "postgres",
  ),
  postgres: z.optional(
    z.int().check(
      z.gte(10, "must be a PostgreSQL major version from 10 to 18"),
      z.lte(18, "must be a PostgreSQL major version from 10 to 18"),
      z.describe("PostgreSQL major version the migrations run on, e.g. 15 (default: 18, the parser's)"),
    ),
  ),
});

export const configSchema = z.strictObject({
  $schema: z.optional(z.string()),
  sets: z.array(migrationSet).check(z.minLength(1, "list at least one migration set"), z.describe("Migration folders and the suites that list them")),
  baseRef: z.optional(text("Default base branch for every set")),
  apply: z.optional(
    z
      .union([
        z.boolean(),
        z.strictObject({
          setup: z.optional(text("SQL file, relative to the repository root, run before the first migration (roles, settings the real database has)")),
        }),
      ])
      .check(z.describe("check --staged also applies the migrations to an embedded PostgreSQL (PGlite), with a Down/Up round trip for new and changed ones (default false)")),
  ),
});

