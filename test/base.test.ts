import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { SUITE, incidentRepo, json, listedWith, migrationSql, suiteListing } from "./helpers/incident.js";
import { gitEnv, Repo, run } from "./helpers/repo.js";

const rulesOf = (stdout: string) => json(stdout).findings.map((f) => `${f.rule} ${f.file}`);

/** Adds a migration and lists it, as a careful developer would, and commits. */
function addMigration(repo: ReturnType<typeof incidentRepo>, file: string, listed: string[]) {
  repo.write(`migrations/${file}`, migrationSql(file.replace(/^\d+_|\.sql$/g, "")));
  repo.write(SUITE, suiteListing(listedWith(...listed)));
  repo.commitAll(`add ${file}`);
}

describe("check --base: what only shows across branches", () => {
  it("catches two branches that each take 022 once main has merged one, naming main's file", () => {
    const repo = incidentRepo();
    repo.git("branch", "feature-a");
    repo.git("checkout", "-q", "-b", "feature-b");
    addMigration(repo, "022_add_status_reason_column.sql", ["022_add_status_reason_column.sql"]);
    repo.git("checkout", "-q", "feature-a");
    addMigration(repo, "022_create_alerts_table.sql", ["022_create_alerts_table.sql"]);
    repo.git("checkout", "-q", "main");
    repo.git("merge", "-q", "--ff-only", "feature-a");

    repo.git("checkout", "-q", "feature-b");
    expect(repo.mighook(["check", "--tree", "HEAD"]).code).toBe(0); // alone, it is clean
    const result = repo.mighook(["check", "--base", "main", "--format", "json"]);
    expect(result.code).toBe(1);
    const finding = json(result.stdout).findings.find((f) => f.rule === "duplicate-version")!;
    expect(finding.file).toBe("migrations/022_add_status_reason_column.sql");
    expect(finding.message).toContain("migrations/022_create_alerts_table.sql");
    expect(finding.hint).toContain("023");

    // The staged flavour judges the index against the same base.
    expect(repo.mighook(["check", "--staged", "--base", "main"]).code).toBe(1);
    // A config baseRef makes the hook warn early, without blocking.
    const config = JSON.parse(repo.read("mighook.config.json"));
    config.baseRef = "main";
    repo.write("mighook.config.json", JSON.stringify(config)).git("add", "mighook.config.json");
    const warned = repo.mighook(["check", "--staged", "--format", "json"]);
    expect(warned.code).toBe(0);
    expect(json(warned.stdout).findings).toEqual([expect.objectContaining({ rule: "duplicate-version", severity: "warning" })]);
  });

  it("does not take a branch's new migration for a rename of the base's newer one that happens to have the same bytes", () => {
    const repo = incidentRepo();
    const template = migrationSql("template"); // both started from the same untouched template
    repo.git("checkout", "-q", "-b", "feature");
    repo.write("migrations/022_feature.sql", template).write(SUITE, suiteListing(listedWith("022_feature.sql"))).commitAll("feature");
    repo.git("checkout", "-q", "main");
    repo.write("migrations/022_main.sql", template).write(SUITE, suiteListing(listedWith("022_main.sql"))).commitAll("main's 022");
    repo.git("checkout", "-q", "feature");
    const result = repo.mighook(["check", "--base", "main", "--format", "json"]);
    expect(result.code, result.stdout).toBe(1);
    expect(rulesOf(result.stdout)).toContain("duplicate-version migrations/022_feature.sql");
    expect(rulesOf(result.stdout).some((r) => r.startsWith("removed-applied"))).toBe(false);
  });

  it("gives not-after-base for a branch that adds 016 when the base is at 021", () => {
    const repo = incidentRepo();
    repo.git("checkout", "-q", "-b", "late");
    repo.write("migrations/0016_late_feature.sql", migrationSql("late_feature"));
    repo.write(SUITE, suiteListing(listedWith().toSpliced(15, 0, "0016_late_feature.sql")));
    repo.commitAll("late");
    const result = repo.mighook(["check", "--base", "main", "--format", "json"]);
    expect(result.code).toBe(1);
    const findings = json(result.stdout).findings.filter((f) => f.rule === "not-after-base");
    expect(findings).toEqual([
      expect.objectContaining({ file: "migrations/0016_late_feature.sql", message: expect.stringContaining("021_create_notification_audit_table.sql") }),
    ]);
    expect(findings[0]!.hint).toContain("mighook renumber migrations/0016_late_feature.sql");

    // goose run with -allow-missing applies it out of order: "outOfOrder" makes it a warning.
    const config = JSON.parse(repo.read("mighook.config.json"));
    config.sets[0].outOfOrder = true;
    repo.write("mighook.config.json", JSON.stringify(config)).commitAll("out of order");
    const allowed = repo.mighook(["check", "--base", "main", "--format", "json"]);
    expect(json(allowed.stdout).findings.filter((f) => f.rule === "not-after-base")).toEqual([
      expect.objectContaining({ severity: "warning", message: expect.stringContaining("out of order") }),
    ]);
  });

  it("gives modified-applied and removed-applied for a branch that edits 019 and deletes 020", () => {
    const repo = incidentRepo();
    repo.git("checkout", "-q", "-b", "rewrite");
    repo.write("migrations/019_add_playbook_versions.sql", migrationSql("add_playbook_versions").replace("BIGSERIAL", "SERIAL"));
    repo.remove("migrations/020_add_workflow_label_columns.sql");
    repo.write(SUITE, suiteListing(listedWith().filter((f) => !f.startsWith("020_"))));
    repo.commitAll("rewrite history");
    expect(repo.mighook(["check", "--tree", "HEAD"]).code).toBe(0);
    const result = repo.mighook(["check", "--base", "main", "--format", "json"]);
    expect(result.code).toBe(1);
    expect(rulesOf(result.stdout)).toEqual([
      "modified-applied migrations/019_add_playbook_versions.sql",
      "removed-applied migrations/020_add_workflow_label_columns.sql",
    ]);
  });

  it("reports a renamed applied migration once, as renamed", () => {
    const repo = incidentRepo();
    repo.git("checkout", "-q", "-b", "rename");
    repo.git("mv", "migrations/020_add_workflow_label_columns.sql", "migrations/0020_workflow_labels.sql");
    repo.write(SUITE, suiteListing(listedWith().map((f) => (f.startsWith("020_") ? "0020_workflow_labels.sql" : f))));
    repo.commitAll("rename 020");
    const result = repo.mighook(["check", "--base", "main", "--format", "json"]);
    expect(json(result.stdout).findings).toEqual([
      expect.objectContaining({
        rule: "removed-applied",
        file: "migrations/020_add_workflow_label_columns.sql",
        message: expect.stringContaining("renamed here to migrations/0020_workflow_labels.sql"),
      }),
    ]);
  });

  it("does not blame the branch for what main changed after it left", () => {
    const repo = incidentRepo();
    repo.git("checkout", "-q", "-b", "feature");
    addMigration(repo, "022_feature.sql", ["022_feature.sql"]);
    repo.git("checkout", "-q", "main");
    repo.write("migrations/019_add_playbook_versions.sql", migrationSql("changed_on_main")).commitAll("main edits 019");
    repo.git("checkout", "-q", "feature");
    expect(repo.mighook(["check", "--base", "main"]).code).toBe(0);
  });

  it("annotates for GitHub and GitLab with file and line", () => {
    const repo = incidentRepo();
    repo.git("checkout", "-q", "-b", "feature");
    repo.write("migrations/022_x.sql", "-- +goose Up\nCREATE TABLE x (id int)\n").commitAll();
    const github = repo.mighook(["check", "--base", "main", "--format", "github"]);
    expect(github.code).toBe(1);
    for (const line of github.stdout.trim().split("\n")) expect(line).toMatch(/^::(error|warning) file=[^,]+,line=\d+,title=mighook [a-z-]+::/);
    expect(github.stdout).toMatch(/file=migrations\/022_x\.sql,line=2/);
    const gitlab = JSON.parse(repo.mighook(["check", "--base", "main", "--format", "gitlab"]).stdout) as Array<Record<string, any>>;
    expect(gitlab.length).toBeGreaterThan(0);
    for (const issue of gitlab) {
      // The Code Quality schema's required fields.
      expect(issue).toEqual(
        expect.objectContaining({
          description: expect.any(String),
          check_name: expect.any(String),
          fingerprint: expect.stringMatching(/^[0-9a-f]+$/),
          severity: expect.stringMatching(/^(info|minor|major|critical|blocker)$/),
          location: expect.objectContaining({ path: expect.any(String), lines: { begin: expect.any(Number) } }),
        }),
      );
    }
    expect(new Set(gitlab.map((i) => i.fingerprint)).size).toBe(gitlab.length);
  });

  it("gives exit 2 for an unknown ref, and for a shallow clone without the merge base", () => {
    const repo = incidentRepo();
    const unknown = repo.mighook(["check", "--base", "origin/nope"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("origin/nope");

    repo.git("checkout", "-q", "-b", "feature");
    addMigration(repo, "022_a.sql", ["022_a.sql"]);
    addMigration(repo, "023_b.sql", ["022_a.sql", "023_b.sql"]);
    repo.git("checkout", "-q", "main");
    repo.write("README.md", "main moves on\n").commitAll();
    const clone = incidentRepo();
    clone.git("fetch", "-q", "--depth=1", `file://${repo.dir}`, "+main:refs/remotes/origin/main", "+feature:refs/heads/feature");
    clone.git("checkout", "-q", "feature");
    const shallow = clone.mighook(["check", "--base", "origin/main"]);
    expect(shallow.code).toBe(2);
    expect(shallow.stderr).toContain("git fetch");

    const empty = repo.mighook(["check", "--base", ""]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("--base needs a value");
  });

  it("tells a single-branch shallow clone, as CI makes, the fetches that fix it, and they do", () => {
    const upstream = incidentRepo();
    upstream.git("checkout", "-q", "-b", "feature");
    addMigration(upstream, "022_a.sql", ["022_a.sql"]);
    upstream.git("checkout", "-q", "main");
    upstream.write("README.md", "main moves on\n").commitAll();
    const clone = new Repo(join(upstream.dir, ".ci-clone"));
    expect(run("git", ["clone", "-q", "--depth", "1", "-b", "feature", `file://${upstream.dir}`, clone.dir], { env: gitEnv() }).code).toBe(0);
    const suggested = (stderr: string) => /`(git fetch [^`]+)`/.exec(stderr)?.[1] ?? `no fetch in: ${stderr}`;

    const unknown = clone.mighook(["check", "--base", "origin/main"]);
    expect(unknown.code).toBe(2);
    expect(suggested(unknown.stderr)).toBe("git fetch origin +refs/heads/main:refs/remotes/origin/main");
    // A revision that is no plain branch gets no refspec that git would refuse.
    for (const rev of ["origin/main~1", "origin/HEAD^", "origin/main@{1}"]) {
      const odd = clone.mighook(["check", "--base", rev]);
      expect(odd.code, rev).toBe(2);
      expect(odd.stderr, rev).not.toContain("git fetch origin +refs");
      expect(odd.stderr, rev).toContain(`unknown revision "${rev}"`);
    }
    clone.git(...suggested(unknown.stderr).split(" ").slice(1));

    const shallow = clone.mighook(["check", "--base", "origin/main"]);
    expect(shallow.code).toBe(2);
    expect(suggested(shallow.stderr)).toBe("git fetch --unshallow origin");
    clone.git(...suggested(shallow.stderr).split(" ").slice(1));

    const judged = clone.mighook(["check", "--base", "origin/main"]);
    expect(judged.code, judged.stdout + judged.stderr).toBe(0);
  });

  it("names the base in the renumber command it suggests, which then does the job", () => {
    const repo = incidentRepo();
    repo.git("checkout", "-q", "-b", "feature");
    addMigration(repo, "022_feat.sql", ["022_feat.sql"]);
    repo.git("checkout", "-q", "main");
    addMigration(repo, "022_main.sql", ["022_main.sql"]);
    addMigration(repo, "023_main.sql", ["022_main.sql", "023_main.sql"]);
    repo.git("checkout", "-q", "feature");
    const result = repo.mighook(["check", "--base", "main", "--format", "json"]);
    const hint = json(result.stdout).findings.find((f) => f.rule === "duplicate-version")?.hint ?? "";
    const command = /`mighook (renumber [^`]+)`/.exec(hint)?.[1];
    expect(command).toBe("renumber migrations/022_feat.sql --base main");
    expect(repo.mighook(command!.split(" ")).code).toBe(0);
    expect(repo.git("status", "--porcelain", "migrations")).toContain("migrations/024_feat.sql");
  });
});
