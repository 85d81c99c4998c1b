// The incident's repository, as files: shared by `npm run demo`, `npm run bench`
// and the tests, so that all three replay the same shape of service.

export const MIGRATION_NAMES = [
  "initial_setup",
  "add_indices",
  "create_workflow_table",
  "add_workflow_status",
  "create_actions_table",
  "add_action_history",
  "create_remediation_table",
  "add_remediation_index",
  "create_incident_table",
  "add_incident_labels",
  "create_effectiveness_table",
  "add_effectiveness_scores",
  "create_audit_table",
  "create_audit_events_partitions",
  "add_audit_indexes",
  "create_embeddings_table",
  "add_embedding_index",
  "create_playbook_table",
  "add_playbook_versions",
  "add_workflow_label_columns",
  "create_notification_audit_table",
];

export const SUITE = "test/integration/datastorage/suite_test.go";

export const migrationFile = (version, name, width = 3) => `${String(version).padStart(width, "0")}_${name}.sql`;

/** A migration as the team writes them (the incident report's template). */
export function migrationSql(name) {
  const table = name.replace(/^(create|add)_/, "").replace(/_table$/, "");
  return `-- +goose Up
-- +goose StatementBegin
-- Migration: ${name.replace(/_/g, " ")}
CREATE TABLE IF NOT EXISTS ${table} (
    id BIGSERIAL PRIMARY KEY,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
DROP TABLE IF EXISTS ${table};
-- +goose StatementEnd
`;
}

/** The suite file, with one hard-coded list per function (the incident had two). */
export function suiteGo(files, { lists = 2, comments = {} } = {}) {
  const body = (indent) =>
    files.map((file) => (comments[file] ? `${indent}${comments[file]}\n` : "") + `${indent}"${file}",\n`).join("");
  const fn = (name) => `func ${name}(db *sql.DB) {
	migrations := []string{
${body("\t\t")}	}
	for _, m := range migrations {
		applyMigration(db, m)
	}
}
`;
  const functions = ["applyMigrations", "applyMigrationsWithPropagationTo"].slice(0, lists).map(fn).join("\n");
  return `package datastorage

import "database/sql"

${functions}`;
}

export const CONFIG = {
  sets: [
    {
      name: "datastorage",
      dir: "migrations",
      format: "goose",
      special: ["1000_*.sql"],
      skip: { "014_create_audit_events_partitions.sql": "superseded by 1000_create_audit_events_partitions.sql" },
      suites: [{ file: SUITE, list: "migrations" }],
      requireDown: true,
    },
  ],
};

/** The repository before the incident: 001-021, 014 skipped, the 1000_ special last. */
export function incidentFiles({ config = true } = {}) {
  const files = {};
  const listed = [];
  MIGRATION_NAMES.forEach((name, i) => {
    const file = migrationFile(i + 1, name);
    files[`migrations/${file}`] = migrationSql(name);
    if (i + 1 !== 14) listed.push(file);
  });
  files["migrations/1000_create_audit_events_partitions.sql"] = migrationSql("create_audit_events_partitions_v2");
  listed.push("1000_create_audit_events_partitions.sql");
  files[SUITE] = suiteGo(listed);
  files["go.mod"] = "module example.com/datastorage\n\ngo 1.22\n";
  if (config) files["mighook.config.json"] = `${JSON.stringify(CONFIG, null, 2)}\n`;
  return files;
}

/** The suite entries before the incident, in order. */
export function incidentListed() {
  return Object.keys(incidentFiles())
    .filter((p) => p.startsWith("migrations/") && !p.includes("/014_"))
    .map((p) => p.slice("migrations/".length))
    .sort((a, b) => (a.startsWith("1000_") ? 1 : b.startsWith("1000_") ? -1 : a < b ? -1 : 1));
}
