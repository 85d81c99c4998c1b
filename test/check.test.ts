import { describe, expect, inject, it } from "vitest";
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { SUITE, incidentRepo, json, listedWith, migrationSql, suiteGo, suiteListing } from "./helpers/incident.js";
import { gitEnv, Repo, run } from "./helpers/repo.js";

const SECOND_021 = "migrations/021_add_status_reason_column.sql";
const rulesOf = (stdout: string) => json(stdout).findings.map((f) => `${f.rule} ${f.file}:${f.line}`);

describe("check --staged: the incident replayed", () => {
  it("blocks a second 021 that no list names, in both lists, then passes once renumbered and listed", () => {
    const repo = incidentRepo();
    expect(repo.mighook(["check", "--staged"]).code).toBe(0);

    repo.write(SECOND_021, migrationSql("add_status_reason_column")).git("add", "-A");
    const bad = repo.mighook(["check", "--staged", "--format", "json"]);
    expect(bad.code).toBe(1);
    const findings = json(bad.stdout).findings;
    expect(findings.filter((f) => f.rule === "duplicate-version")).toEqual([
      expect.objectContaining({ file: SECOND_021, line: null, message: expect.stringContaining("021_create_notification_audit_table.sql") }),
    ]);
    expect(findings.find((f) => f.rule === "duplicate-version")!.hint).toContain("022");
    const missing = findings.filter((f) => f.rule === "missing-from-suite");
    expect(missing).toHaveLength(2); // one per list
    expect(new Set(missing.map((f) => f.line)).size).toBe(2);
    expect(missing.every((f) => f.file === SUITE)).toBe(true);

    // The off switch still gives a machine its (empty) report.
    const off = repo.mighook(["check", "--staged", "--format", "json"], { MIGHOOK: "0" });
    expect(off.code).toBe(0);
    expect(json(off.stdout).findings).toEqual([]);
    expect(off.stderr).toContain("skipped (MIGHOOK=0)");

    const human = repo.mighook(["check", "--staged"]);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain(`${SUITE}:`);
    expect(human.stdout).toContain("missing-from-suite");
    expect(human.stdout).toContain("→");
    expect(human.stdout).not.toMatch(/\x1b\[/); // no colour when piped

    repo.git("mv", SECOND_021, "migrations/022_add_status_reason_column.sql");
    repo.write(SUITE, suiteListing(listedWith("022_add_status_reason_column.sql"))).git("add", "-A");
    const good = repo.mighook(["check", "--staged"]);
    expect(good.stdout + good.stderr).toContain("no problems");
    expect(good.code).toBe(0);
  });
});

describe("check --staged: the index decides", () => {
  it("passes a right index even when the working tree is wrong", () => {
    const repo = incidentRepo();
    repo.write("migrations/022_ok.sql", migrationSql("ok")).write(SUITE, suiteListing(listedWith("022_ok.sql"))).git("add", "-A");
    repo.write(SUITE, "this is not go {{{ \"");
    repo.write("migrations/022_dup.sql", "not even goose");
    expect(repo.mighook(["check", "--staged"]).code).toBe(0);
    expect(repo.mighook(["check"]).code).toBe(1);
  });

  it("fails a wrong index even when the working tree is right", () => {
    const repo = incidentRepo();
    repo.write("migrations/022_ok.sql", migrationSql("ok")).git("add", "-A");
    repo.write(SUITE, suiteListing(listedWith("022_ok.sql")));
    expect(repo.mighook(["check"]).code).toBe(0);
    const staged = repo.mighook(["check", "--staged", "--format", "json"]);
    expect(staged.code).toBe(1);
    expect(rulesOf(staged.stdout)).toContain(`missing-from-suite ${SUITE}:6`);
  });

  it("exits at once, reading nothing, when the commit touches no migration, suite or config", () => {
    const repo = incidentRepo();
    repo.write(SUITE, "broken {").write("README.md", "hello").git("add", "README.md");
    expect(repo.mighook(["check", "--staged"])).toMatchObject({ code: 0, stdout: "" });
  });

  it("counts a deletion as being committed", () => {
    const repo = incidentRepo();
    repo.git("rm", "-q", "migrations/020_add_workflow_label_columns.sql");
    const result = repo.mighook(["check", "--staged", "--format", "json"]);
    expect(result.code).toBe(1);
    expect(json(result.stdout).findings).toEqual([
      expect.objectContaining({ rule: "unknown-in-suite" }),
      expect.objectContaining({ rule: "unknown-in-suite" }),
    ]);
  });
});

describe("check: goose versions and Go lists", () => {
  const base = () =>
    new Repo()
      .write("migrations/001_a.sql", migrationSql("a"))
      .write("migrations/021_b.sql", migrationSql("b"))
      .write("mighook.config.json", JSON.stringify({ sets: [{ dir: "migrations", suites: [{ file: "suite_test.go" }] }] }));

  it("compares versions as numbers: 21 collides with 021", () => {
    const repo = base().write("migrations/21_c.sql", migrationSql("c"));
    repo.write("suite_test.go", suiteListing(["001_a.sql", "021_b.sql", "21_c.sql"])).git("add", "-A");
    const result = repo.mighook(["check", "--staged", "--format", "json"]);
    expect(rulesOf(result.stdout)).toEqual(["duplicate-version migrations/21_c.sql:null"]);
  });

  it("treats a commented-out entry as missing, and reads raw strings and several entries per line", () => {
    const repo = base().write("migrations/002_c.sql", migrationSql("c"));
    repo.write(
      "suite_test.go",
      'package x\n\nvar migrations = []string{\n\t"001_a.sql", `002_c.sql`,\n\t// "021_b.sql",\n\t/* "021_b.sql", */\n}\n',
    );
    repo.git("add", "-A");
    const result = repo.mighook(["check", "--staged", "--format", "json"]);
    expect(rulesOf(result.stdout)).toEqual(["missing-from-suite suite_test.go:3"]);
  });

  it("reports order, duplicates, unknown entries, stale skips and bad names", () => {
    const repo = base()
      .write("migrations/abc.sql", "-- +goose Up\nSELECT 1;\n")
      .write("migrations/000_zero.sql", "-- +goose Up\nSELECT 1;\n")
      .write("migrations/README.md", "not a migration")
      .write("migrations/embed.go", 'package migrations\n\nimport "embed"\n\n//go:embed *.sql\nvar FS embed.FS\n') // goose skips it
      .write("migrations/000_helpers.go", "package migrations\n")
      .write("migrations/testdata/001_x.sql", "not a migration either")
      .write(
        "mighook.config.json",
        JSON.stringify({ sets: [{ dir: "migrations", skip: { "099_gone.sql": "old" }, suites: [{ file: "suite_test.go" }] }] }, null, 2),
      )
      .write("suite_test.go", suiteGo(["021_b.sql", "001_a.sql", "001_a.sql", "005_nope.sql"], { lists: 1 }));
    repo.git("add", "-A");
    const result = repo.mighook(["check", "--staged", "--format", "json"]);
    expect(result.code).toBe(1);
    const found = rulesOf(result.stdout);
    expect(found).toEqual(
      expect.arrayContaining([
        "invalid-filename migrations/abc.sql:null",
        "invalid-filename migrations/000_zero.sql:null",
        "stale-skip mighook.config.json:6",
        "suite-order suite_test.go:8",
        "duplicate-in-suite suite_test.go:9",
        "unknown-in-suite suite_test.go:10",
      ]),
    );
    expect(found.some((f) => f.includes("README") || f.includes("testdata") || f.includes("embed.go") || f.includes("helpers.go"))).toBe(false);
  });
});

describe("check: goose annotations only for what the change touches", () => {
  it("passes untouched legacy files without annotations, and fails the same file once modified", () => {
    const repo = new Repo()
      .write("migrations/001_legacy.sql", "CREATE TABLE legacy (id int);\n")
      .write("migrations/002_new.sql", migrationSql("new"));
    repo.commitAll();
    repo.write("migrations/003_more.sql", migrationSql("more")).git("add", "-A");
    expect(repo.mighook(["check", "--staged"]).code).toBe(0);
    repo.write("migrations/001_legacy.sql", "CREATE TABLE legacy (id bigint);\n").git("add", "-A");
    const result = repo.mighook(["check", "--staged", "--format", "json"]);
    expect(result.code).toBe(1);
    expect(rulesOf(result.stdout)).toEqual(["goose-annotation migrations/001_legacy.sql:1"]);
  });

  it("parses CRLF like LF; a BOM is fine in a suite (Go accepts it) and a goose error in a migration", () => {
    const repo = new Repo();
    repo.write("migrations/001_crlf.sql", migrationSql("crlf").replace(/\n/g, "\r\n"));
    repo.write("mighook.config.json", JSON.stringify({ sets: [{ dir: "migrations", suites: [{ file: "s_test.go" }] }] }));
    repo.write("s_test.go", `\uFEFF${suiteListing(["001_crlf.sql"]).replace(/\n/g, "\r\n")}`).git("add", "-A");
    const result = repo.mighook(["check", "--staged"]);
    expect(result.stdout).toContain("no problems");
    expect(result.code).toBe(0);

    // goose rejects a migration that starts with a byte order mark.
    repo.write("migrations/001_crlf.sql", `\uFEFF${migrationSql("crlf").replace(/\n/g, "\r\n")}`).git("add", "-A");
    const bom = repo.mighook(["check", "--staged", "--format", "json"]);
    expect(json(bom.stdout).findings).toEqual([
      expect.objectContaining({ rule: "goose-annotation", file: "migrations/001_crlf.sql", line: 1, message: expect.stringContaining("byte order mark") }),
    ]);
    repo.write("migrations/001_crlf.sql", migrationSql("crlf").replace(/\n/g, "\r\n")).git("add", "-A");

    // A lone CR (no LF) is no line break for goose: the annotation swallows the SQL.
    repo.write("migrations/002_cr.sql", "-- +goose Up\rSELECT 1;\n-- +goose Down\nSELECT 2;\n").git("add", "-A");
    const lone = repo.mighook(["check", "--staged", "--format", "json"]);
    expect(rulesOf(lone.stdout)).toContain("goose-annotation migrations/002_cr.sql:1");
  });
});

describe("check: repositories in unusual states", () => {
  it("reads a relative GIT_DIR and GIT_WORK_TREE from the folder it was started in, as git does (a bare repository with a separate working tree)", () => {
    const top = new Repo();
    const bare = join(top.dir, "repo.git");
    const tree = join(top.dir, "tree");
    run("git", ["init", "-q", "--bare", bare], { cwd: top.dir, env: gitEnv() });
    mkdirSync(join(tree, "sub"), { recursive: true });
    const env = { GIT_DIR: bare, GIT_WORK_TREE: tree };
    const inTree = new Repo(tree);
    inTree.write("migrations/001_a.sql", migrationSql("a"));
    run("git", ["add", "-A"], { cwd: tree, env: gitEnv(env) });
    run("git", ["commit", "-q", "-m", "a"], { cwd: tree, env: gitEnv(env) });
    inTree.write("migrations/001_b.sql", migrationSql("b"));
    run("git", ["add", "-A"], { cwd: tree, env: gitEnv(env) });
    const result = run(inject("mighookBin"), ["check", "--staged", "--format", "json"], { cwd: join(tree, "sub"), env: gitEnv({ GIT_DIR: "../../repo.git", GIT_WORK_TREE: ".." }) });
    expect(result.code, result.stderr).toBe(1);
    expect(json(result.stdout).findings.map((f) => f.rule)).toContain("duplicate-version");
  });

  it("works on the first commit of a new repository", () => {
    const repo = new Repo().write("migrations/001_a.sql", migrationSql("a"));
    repo.git("add", "-A");
    expect(repo.mighook(["check", "--staged"]).code).toBe(0);
    repo.write("migrations/001_b.sql", migrationSql("b")).git("add", "-A");
    expect(repo.mighook(["check", "--staged"]).code).toBe(1);
  });

  it("gives exit 2 for unmerged entries, naming the paths", () => {
    const repo = new Repo().write("migrations/001_a.sql", migrationSql("a")).commitAll();
    repo.git("checkout", "-q", "-b", "other");
    repo.write("migrations/001_a.sql", migrationSql("other")).commitAll();
    repo.git("checkout", "-q", "main");
    repo.write("migrations/001_a.sql", migrationSql("mine")).commitAll();
    expect(repo.tryGit(["merge", "other"]).code).not.toBe(0);
    for (const args of [["check", "--staged"], ["check"]]) {
      const result = repo.mighook(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toContain("unmerged paths in the index: migrations/001_a.sql");
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("leaves out an intent-to-add file (git add -N), which git commit does not record", () => {
    const repo = new Repo().write("migrations/001_a.sql", migrationSql("a")).commitAll();
    repo.write("migrations/001_b.sql", migrationSql("b")).git("add", "-N", "migrations/001_b.sql");
    repo.write("migrations/002_c.sql", migrationSql("c")).git("add", "migrations/002_c.sql");
    const result = repo.mighook(["check", "--staged"]);
    expect(result.code, result.stdout).toBe(0);
    const renumber = repo.mighook(["renumber", "migrations/001_b.sql"]);
    expect(renumber.code).toBe(2);
    expect(repo.git("status", "--porcelain")).toBe(" A migrations/001_b.sql\nA  migrations/002_c.sql\n");

    // Over a committed file, intent-to-add is a deletion for the commit.
    repo.git("rm", "-q", "--cached", "migrations/001_a.sql");
    repo.git("add", "-N", "migrations/001_a.sql");
    expect(repo.mighook(["list"]).stdout).not.toContain("001_a.sql");
  });

  it("still sees an empty migration committed earlier: only intent-to-add entries are left out", () => {
    const repo = new Repo()
      .write("mighook.config.json", JSON.stringify({ sets: [{ dir: "migrations", suites: [{ file: "s_test.go" }] }] }))
      .write("migrations/001_a.sql", migrationSql("a"))
      .write("migrations/002_placeholder.sql", "")
      .write("s_test.go", 'package x\n\nvar migrations = []string{\n\t"001_a.sql",\n\t"002_placeholder.sql",\n}\n')
      .commitAll();
    repo.write("migrations/003_b.sql", migrationSql("b")).write("migrations/004_c.sql", "").git("add", "-N", "migrations/004_c.sql");
    repo.write("s_test.go", 'package x\n\nvar migrations = []string{\n\t"001_a.sql",\n\t"002_placeholder.sql",\n\t"003_b.sql",\n}\n').git("add", "s_test.go", "migrations/003_b.sql");
    const result = repo.mighook(["check", "--staged"]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const fixed = repo.mighook(["fix"]);
    expect(fixed.code, fixed.stdout + fixed.stderr).toBe(0);
    expect(repo.read("s_test.go")).toContain('"002_placeholder.sql"');
  });

  it("does not judge a legacy migration whose mode alone changed (chmod +x changes no SQL)", () => {
    const repo = new Repo().write("migrations/001_legacy.sql", "CREATE TABLE a (id int);\n").commitAll();
    repo.git("update-index", "--chmod=+x", "migrations/001_legacy.sql");
    const staged = repo.mighook(["check", "--staged"]);
    expect(staged.code, staged.stdout).toBe(0);
    repo.git("commit", "-q", "--no-verify", "-m", "chmod");
    expect(repo.mighook(["check", "--tree", "HEAD"]).code).toBe(0);
    // Its content changing is judged, as before.
    repo.write("migrations/001_legacy.sql", "CREATE TABLE a (id bigint);\n").git("add", "-A");
    expect(repo.mighook(["check", "--staged"]).stdout).toContain("goose-annotation");
  });

  it("judges a symlinked migration by its name: the link's blob is a path, not SQL", () => {
    const repo = new Repo().write("shared/001_x.sql", migrationSql("x"));
    mkdirSync(join(repo.dir, "migrations"));
    symlinkSync("../shared/001_x.sql", join(repo.dir, "migrations/001_x.sql"));
    repo.git("add", "-A");
    const staged = repo.mighook(["check", "--staged"]);
    expect(staged.code, staged.stdout).toBe(0);
    repo.git("commit", "-q", "--no-verify", "-m", "link");
    expect(repo.mighook(["check", "--tree", "HEAD"]).code).toBe(0);
    expect(repo.mighook(["check"]).code).toBe(0); // the working tree follows the link, as goose does

    // A suite stored as a link is named as one, not as missing; fix won't edit through it.
    repo.write("shared/suite.go", 'package s\n\nvar migrations = []string{\n\t"001_x.sql",\n}\n');
    mkdirSync(join(repo.dir, "integration"));
    symlinkSync("../shared/suite.go", join(repo.dir, "integration/suite_test.go"));
    repo.write("mighook.config.json", JSON.stringify({ sets: [{ dir: "migrations", suites: [{ file: "integration/suite_test.go" }] }] }));
    repo.git("add", "-A");
    const linked = repo.mighook(["check", "--staged", "--format", "json"]);
    expect(rulesOf(linked.stdout)).toEqual(["suite-unreadable integration/suite_test.go:null"]);
    expect(json(linked.stdout).findings[0]!.message).toContain("is a symbolic link");
    expect(repo.mighook(["fix"]).stdout).toContain("it is a symbolic link in the index");
  });

  it("names conflict markers staged in a suite list, instead of reporting listed entries as missing", () => {
    const repo = new Repo()
      .write("migrations/001_a.sql", migrationSql("a"))
      .write("migrations/002_b.sql", migrationSql("b"))
      .write("mighook.config.json", JSON.stringify({ sets: [{ dir: "migrations", suites: [{ file: "s_test.go" }] }] }))
      .write("s_test.go", 'package s\n\nvar migrations = []string{\n\t"001_a.sql",\n<<<<<<< HEAD\n\t"002_b.sql",\n=======\n\t"002_c.sql",\n>>>>>>> other\n}\n');
    repo.git("add", "-A");
    const result = repo.mighook(["check", "--staged", "--format", "json"]);
    expect(rulesOf(result.stdout)).toEqual(["suite-unreadable s_test.go:5"]);
    expect(json(result.stdout).findings[0]!.message).toContain("git conflict markers");
  });

  it("handles odd file names byte-exactly", () => {
    const odd = ["002_with space.sql", '003_quote"s.sql', "004_$(touch pwned).sql", "005_ünïcödé.sql", "006_new\nline.sql", "-007_dash.sql"];
    const repo = new Repo().write("migrations/001_a.sql", migrationSql("a"));
    for (const name of odd) repo.write(`migrations/${name}`, migrationSql("odd"));
    repo.write("mighook.config.json", JSON.stringify({ sets: [{ dir: "migrations", suites: [{ file: "s_test.go" }] }] }));
    const listed = ["001_a.sql", ...odd.slice(0, 5)];
    const go = `package x\n\nvar migrations = []string{\n${listed.map((f) => `\t${JSON.stringify(f)},`).join("\n")}\n}\n`;
    repo.write("s_test.go", go).git("add", "-A");
    const result = repo.mighook(["check", "--staged", "--format", "json"]);
    expect(rulesOf(result.stdout)).toEqual(["invalid-filename migrations/-007_dash.sql:null"]);
    expect(() => repo.read("pwned")).toThrow();

    // A newline in a name doesn't split a finding over two lines in human output.
    repo.write("migrations/008_more\nlines.sql", "not goose").git("add", "-A");
    const human = repo.mighook(["check", "--staged"]).stdout;
    expect(human).toContain('\n  ✖ "migrations/008_more\\nlines.sql":1  goose-annotation  ');
  });
});

describe("check: configuration", () => {
  it("gives exit 2 with the key path for unknown keys, wrong types and broken JSON", () => {
    const repo = new Repo().write("migrations/001_a.sql", migrationSql("a"));
    repo.write("mighook.config.json", JSON.stringify({ sets: [{ dir: "migrations", suites: [{ file: "x_test.go", lsit: "m" }] }] }));
    repo.git("add", "-A");
    let result = repo.mighook(["check", "--staged"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("sets[0].suites[0].lsit");

    repo.write("mighook.config.json", JSON.stringify({ sets: [{ dir: "migrations", requireDown: "yes" }] })).git("add", "-A");
    result = repo.mighook(["check", "--staged"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("sets[0].requireDown");

    repo.write("mighook.config.json", '{\n  "sets": [\n    { "dir": "migrations", }\n  ]\n}\n').git("add", "-A");
    result = repo.mighook(["check", "--staged"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/mighook\.config\.json:3/);
    // CI formats still give their reader something: an annotation, a valid (empty) report.
    const github = repo.mighook(["check", "--staged", "--format", "github"]);
    expect(github.code).toBe(2);
    expect(github.stdout).toMatch(/^::error title=mighook::mighook\.config\.json:3: not valid JSON/);
    const gitlab = repo.mighook(["check", "--staged", "--format=gitlab"]);
    expect(gitlab.code).toBe(2);
    expect(JSON.parse(gitlab.stdout)).toEqual([]);

    repo.write("mighook.config.json", JSON.stringify({ sets: [{ dir: "migrations", special: ["1000_*.sql", "[z-a]*.sql"] }] })).git("add", "-A");
    result = repo.mighook(["check", "--staged"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('sets[0].special[1]: "[z-a]*.sql" is not a valid glob');
    expect(result.stderr).not.toContain("internal error");

    repo.write("mighook.config.json", JSON.stringify({ sets: [{ dir: "migrations", suites: [{ file: "suite_test.txt" }] }] })).git("add", "-A");
    result = repo.mighook(["check", "--staged"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("sets[0].suites[0].file: must be a Go file (ending in .go)");

    repo.write("mighook.config.json", JSON.stringify({ sets: [{ dir: "." }] })).git("add", "-A");
    result = repo.mighook(["check", "--staged"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('sets[0].dir: "." is the repository root');

    repo.write("mighook.config.json", JSON.stringify({})).git("add", "-A");
    result = repo.mighook(["check", "--staged"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("sets: is required (an array)");
  });

  it("reads a \"mighook\" key in package.json", () => {
    const repo = new Repo()
      .write("db/001_a.sql", migrationSql("a"))
      .write("db/002_b.sql", migrationSql("b"))
      .write("package.json", JSON.stringify({ name: "x", mighook: { sets: [{ dir: "db", suites: [{ file: "s_test.go" }] }] } }))
      .write("s_test.go", suiteListing(["001_a.sql"]));
    repo.git("add", "-A");
    const result = repo.mighook(["check", "--staged", "--format", "json"]);
    expect(rulesOf(result.stdout)).toEqual(["missing-from-suite s_test.go:6", "missing-from-suite s_test.go:15"]);
  });

  it("reports usage errors with exit 2 and accepts file names after the flags", () => {
    const repo = new Repo();
    expect(repo.mighook(["check", "--bogus"]).code).toBe(2);
    expect(repo.mighook(["check", "--format", "xml"]).code).toBe(2);
    expect(repo.mighook(["check", "--staged", "/abs/path/migrations/001.sql", "other.go"]).code).toBe(0);
  });
});

describe("check: output formats", () => {
  it("writes GitHub annotations with file and line", () => {
    const repo = incidentRepo();
    repo.write(SECOND_021, migrationSql("x")).git("add", "-A");
    const result = repo.mighook(["check", "--staged", "--format", "github"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`^::error file=${SUITE.replace(/\//g, "\\/")},line=\\d+,title=mighook missing-from-suite::`, "m"));
  });

  it("honours FORCE_COLOR", () => {
    const repo = incidentRepo();
    repo.write(SECOND_021, migrationSql("x")).git("add", "-A");
    expect(repo.mighook(["check", "--staged"], { FORCE_COLOR: "1" }).stdout).toMatch(/\x1b\[/);
  });
});

describe("check --tree", () => {
  it("judges a commit's tree, with its own change as being committed", () => {
    const repo = incidentRepo();
    repo.write(SECOND_021, "no annotations here\n").commitAll("bad");
    const result = repo.mighook(["check", "--tree", "HEAD", "--format", "json"]);
    expect(result.code).toBe(1);
    expect(rulesOf(result.stdout)).toContain(`goose-annotation ${SECOND_021}:1`);
    expect(repo.mighook(["check", "--tree", "HEAD~1"]).code).toBe(0);
    expect(repo.mighook(["check", "--tree", "nope"]).code).toBe(2);
  });
});

describe("check: found by review", () => {
  it("judges a merge commit's tree against its first parent only", () => {
    const repo = incidentRepo();
    repo.git("checkout", "-q", "-b", "side");
    repo.write("migrations/022_side.sql", "no annotations\n").write(SUITE, suiteListing(listedWith("022_side.sql"))).commitAll("side");
    repo.git("checkout", "-q", "main");
    repo.write("README.md", "main moves on\n").commitAll("main");
    repo.git("checkout", "-q", "-b", "side-merged", "side");
    repo.git("merge", "-q", "--no-edit", "main");
    // Merging main into side brings only README.md: nothing to check there.
    expect(repo.mighook(["check", "--tree", "HEAD"]).code).toBe(0);
    repo.git("checkout", "-q", "main");
    repo.git("merge", "-q", "--no-edit", "side");
    // The merge brings 022_side.sql into main: being committed, so annotations are checked.
    expect(rulesOf(repo.mighook(["check", "--tree", "HEAD", "--format", "json"]).stdout)).toEqual(["goose-annotation migrations/022_side.sql:1"]);
  });

  it("blames the newcomer, not the listed migration, when neither is being changed", () => {
    const repo = incidentRepo();
    repo.write(SECOND_021, migrationSql("add_status_reason_column")).commitAll("the incident, committed with --no-verify");
    repo.write("README.md", "x").git("add", "-A");
    const result = repo.mighook(["check", "--format", "json"]);
    const duplicate = json(result.stdout).findings.find((f) => f.rule === "duplicate-version")!;
    expect(duplicate.file).toBe(SECOND_021);
  });

  it("names both sides, and blames neither, when a merge brings two versions together", () => {
    const repo = incidentRepo();
    repo.git("checkout", "-q", "-b", "a");
    repo.write("migrations/022_a.sql", migrationSql("a")).write(SUITE, suiteListing(listedWith("022_a.sql"))).commitAll("a");
    repo.git("checkout", "-q", "-b", "b", "main");
    repo.write("migrations/022_b.sql", migrationSql("b")).write(SUITE, suiteListing(listedWith("022_b.sql"))).commitAll("b");
    expect(repo.tryGit(["merge", "--no-edit", "a"]).code).not.toBe(0); // the suite file conflicts
    repo.write(SUITE, suiteListing(listedWith("022_a.sql", "022_b.sql"))).git("add", "-A");
    const result = repo.mighook(["check", "--staged", "--format", "json"]);
    const duplicate = json(result.stdout).findings.find((f) => f.rule === "duplicate-version")!;
    expect(duplicate.message).toContain("022_a.sql");
    expect(duplicate.message).toContain("022_b.sql");
    expect(duplicate.hint).toContain("mighook renumber migrations/022_a.sql");
    expect(duplicate.hint).toContain("mighook renumber migrations/022_b.sql");
  });

  it("prints an empty report for machines when the commit touches nothing relevant", () => {
    const repo = incidentRepo();
    repo.write("README.md", "x").git("add", "-A");
    expect(JSON.parse(repo.mighook(["check", "--staged", "--format", "json"]).stdout)).toEqual({ ok: true, findings: [] });
    expect(JSON.parse(repo.mighook(["check", "--staged", "--format", "gitlab"]).stdout)).toEqual([]);
  });

  it("never lets a bad config path skip the hook's check", () => {
    const repo = new Repo().write("migrations/001_a.sql", migrationSql("a"));
    repo.write("mighook.config.json", JSON.stringify({ sets: [{ dir: "x/../migrations" }] })).commitAll();
    repo.write("migrations/001_b.sql", migrationSql("b")).git("add", "-A");
    const result = repo.mighook(["check", "--staged"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("sets[0].dir");
  });

  it("reports a conflicted config as unmerged, not as broken JSON", () => {
    const repo = new Repo().write("mighook.config.json", JSON.stringify({ sets: [{ dir: "migrations" }] })).commitAll();
    repo.git("checkout", "-q", "-b", "other");
    repo.write("mighook.config.json", JSON.stringify({ sets: [{ dir: "db" }] })).commitAll();
    repo.git("checkout", "-q", "main");
    repo.write("mighook.config.json", JSON.stringify({ sets: [{ dir: "sql" }] })).commitAll();
    expect(repo.tryGit(["merge", "other"]).code).not.toBe(0);
    const result = repo.mighook(["check", "--staged"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unmerged paths in the index: mighook.config.json");
  });

  it("warns about a configured folder without migrations", () => {
    const repo = incidentRepo();
    const config = JSON.parse(repo.read("mighook.config.json"));
    config.sets[0].dir = "Migrations";
    repo.write("mighook.config.json", JSON.stringify(config, null, 2)).git("add", "-A");
    const result = repo.mighook(["check", "--staged", "--format", "json"]);
    expect(json(result.stdout).findings).toContainEqual(expect.objectContaining({ rule: "empty-set", severity: "warning", file: "mighook.config.json" }));
  });

  it("stops quietly when the reader goes away", () => {
    const repo = incidentRepo();
    const result = run("sh", ["-c", `"$MIGHOOK" list | head -1`], { cwd: repo.dir, env: { ...gitEnv(), MIGHOOK: inject("mighookBin") } });
    expect(result.stdout).toBe("001_initial_setup.sql\n");
    expect(result.stderr).toBe("");
  });
});
