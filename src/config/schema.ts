import { z } from "zod";

// The one definition of mighook's configuration. schema.json (for editors) is
// generated from it at build time, so the two cannot drift apart.
const goIdentifier = /^[\p{L}_][\p{L}\p{Nd}_]*$/u;

const suite = z.strictObject({
  file: z.string().min(1).describe("Go test file, relative to the repository root, that lists migrations by hand"),
  list: z
    .string()
    .regex(goIdentifier, "must be a Go identifier, like migrations")
    .default("migrations")
    .describe("Name of the Go variable holding the []string list"),
});

const migrationSet = z.strictObject({
  name: z.string().min(1).optional().describe("Name used by --set; defaults to dir"),
  dir: z.string().min(1).describe("Folder holding the migrations, relative to the repository root"),
  format: z.literal("goose").default("goose").describe("Migration tool whose rules apply"),
  special: z
    .array(z.string().min(1))
    .default([])
    .describe("Globs (file names) of migrations pinned last in suite lists and never counted for the next number"),
  skip: z
    .record(z.string().min(1), z.string().min(1, "give the reason this migration is left out"))
    .default({})
    .describe("Migrations deliberately left out of every list, with the reason"),
  suites: z.array(suite).default([]).describe("Test suites that list this set's migrations"),
  requireDown: z.boolean().default(true).describe("Require a -- +goose Down section in new and changed migrations"),
  baseRef: z.string().min(1).optional().describe("Base branch for cross-branch rules, e.g. origin/main"),
});

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  sets: z.array(migrationSet).min(1).describe("Migration folders and the suites that list them"),
  baseRef: z.string().min(1).optional().describe("Default base branch for every set"),
});

export type RawConfig = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;

export function configJsonSchema(): unknown {
  return z.toJSONSchema(configSchema, { io: "input" });
}
