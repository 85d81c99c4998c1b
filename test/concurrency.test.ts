import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SUITE, incidentRepo, lists, migrationSql, staged } from "./helpers/incident.js";
import { meantToStay, startMighook, stopped } from "./helpers/interrupt.js";
import { Repo } from "./helpers/repo.js";

// Other index writers at work while an edit command runs: a person staging a
// hunk, a second mighook, a sparse checkout's flags. mighook holds the index
// lock from its first read to its last write, as git does, so another writer
// either goes first (and mighook sees its work) or is refused by git.
const NOTE = "\t// staged while fix ran\n";
const withNote = (go: string) => go.replace("\tfor _, m := range migrations {", `${NOTE}\tfor _, m := range migrations {`);

const newMigrations = (repo: Repo) =>
  repo
    .git("ls-files", "migrations")
    .split("\n")
    .filter((p) => /^migrations\/\d+_add_(a|b)\.sql$/.test(p));

describe("concurrent index writers", () => {
  it.each(["locked", "staged"])("a hunk staged while fix is stopped at %s survives, or its git add is refused and stays in the working tree", async (point) => {
    const repo = incidentRepo();
    repo.write("migrations/022_orders.sql", migrationSql("orders")).git("add", "-A");
    repo.write(SUITE, withNote(repo.read(SUITE)));
    const { child, done } = startMighook(repo, ["fix"], { MIGHOOK_TEST_STOP_AT: point });
    await stopped(child, done);
    const add = repo.tryGit(["add", SUITE]);
    child.kill("SIGCONT");
    const fix = await done;
    expect(fix.code, fix.stdout + fix.stderr).toBe(0);
    expect(lists(staged(repo, SUITE))[0]).toContain("022_orders.sql");
    if (add.code === 0) expect(staged(repo, SUITE)).toContain(NOTE);
    else {
      expect(add.stderr).toContain("index.lock");
      expect(repo.read(SUITE)).toContain(NOTE);
      expect(repo.read(SUITE)).toContain("022_orders.sql");
    }
    // Whoever went first, nothing is lost: staged now, the note is in the index.
    repo.git("add", SUITE);
    expect(staged(repo, SUITE)).toContain(NOTE);
  });

  it("a second new while the first holds the index waits for it, then refuses clearly; the first finishes whole", async () => {
    const repo = incidentRepo();
    const first = startMighook(repo, ["new", "add_a"], { MIGHOOK_TEST_STOP_AT: "journal" });
    await stopped(first.child, first.done);
    const second = repo.mighook(["new", "add_b"]);
    first.child.kill("SIGCONT");
    const one = await first.done;
    expect(one.code, one.stdout + one.stderr).toBe(0);
    if (second.code === 0) {
      const created = newMigrations(repo);
      expect(new Set(created.map((p) => p.slice(11, 14))).size).toBe(2);
      expect(lists(staged(repo, SUITE))[0]).toEqual(expect.arrayContaining(created.map((p) => p.slice(11))));
    } else {
      expect(second.code).toBe(2);
      expect(second.stderr).toMatch(/index\.lock/);
      expect(second.stderr).toMatch(/nothing was changed/);
      expect(second.stderr).toContain("`mighook new add_a` (process");
      expect(newMigrations(repo)).toEqual(["migrations/022_add_a.sql"]);
      expect(lists(staged(repo, SUITE))[0]).toContain("022_add_a.sql");
      expect(repo.git("status", "--porcelain")).toBe(`A  migrations/022_add_a.sql\nM  ${SUITE}\n`);
    }
  });

  it("two new started at once give two versions and two entries, or one refusal (4 rounds)", async () => {
    for (let round = 0; round < 4; round++) {
      const repo = incidentRepo();
      const [a, b] = [startMighook(repo, ["new", "add_a"]), startMighook(repo, ["new", "add_b"])];
      const results = await Promise.all([a.done, b.done]);
      const ok = results.filter((r) => r.code === 0);
      for (const r of results) if (r.code !== 0) expect(r.stderr, `round ${round}`).toMatch(/index\.lock/);
      expect(ok.length, `round ${round}: ${results.map((r) => r.stderr).join("\n")}`).toBeGreaterThanOrEqual(1);
      const created = newMigrations(repo);
      expect(created, `round ${round}`).toHaveLength(ok.length);
      expect(new Set(created.map((p) => p.slice(11, 14))).size, `round ${round}`).toBe(ok.length);
      for (const list of lists(staged(repo, SUITE))) expect(list, `round ${round}`).toEqual(expect.arrayContaining(created.map((p) => p.slice(11))));
      expect(repo.read(SUITE)).toBe(staged(repo, SUITE));
    }
  });
});

describe("interrupted by a signal", () => {
  it("a SIGTERM while fix holds the index, before any write, releases the lock and changes nothing", async () => {
    const repo = incidentRepo();
    repo.write("migrations/022_orders.sql", migrationSql("orders")).git("add", "-A");
    const status = repo.git("status", "--porcelain");
    const { child, done } = startMighook(repo, ["fix"], { MIGHOOK_TEST_STOP_AT: "locked" });
    await stopped(child, done);
    expect(existsSync(join(repo.dir, ".git/index.lock"))).toBe(true);
    child.kill("SIGTERM");
    child.kill("SIGCONT");
    expect((await done).code).toBe(143);
    expect(existsSync(join(repo.dir, ".git/index.lock"))).toBe(false);
    expect(readdirSync(join(repo.dir, ".git/mighook")).filter((f) => !meantToStay(f))).toEqual([]);
    expect(repo.git("status", "--porcelain")).toBe(status);
    repo.git("add", SUITE); // git can write the index again at once
  });
});

describe("index entry flags", () => {
  it("a suite outside the sparse-checkout cone keeps its skip-worktree bit through new, fix and renumber", () => {
    const repo = incidentRepo();
    repo.git("sparse-checkout", "set", "migrations");
    const tag = () => repo.git("ls-files", "-t", "--", SUITE).slice(0, 2);
    expect(tag()).toBe("S ");
    expect(repo.mighook(["new", "add_a"]).code).toBe(0);
    expect(tag()).toBe("S ");
    expect(repo.git("status", "--porcelain")).toBe(`A  migrations/022_add_a.sql\nM  ${SUITE}\n`);
    expect(lists(staged(repo, SUITE))[0]).toContain("022_add_a.sql");

    repo.write("migrations/023_b.sql", migrationSql("b")).git("add", "migrations/023_b.sql");
    expect(repo.mighook(["fix"]).code).toBe(0);
    expect(tag()).toBe("S ");
    expect(repo.mighook(["renumber", "migrations/023_b.sql", "--to", "30"]).code).toBe(0);
    expect(tag()).toBe("S ");
    expect(repo.git("status", "--porcelain")).toBe(`A  migrations/022_add_a.sql\nA  migrations/030_b.sql\nM  ${SUITE}\n`);
  });

  it("assume-unchanged stays on a suite fix rewrites and moves with a renumbered migration", () => {
    const repo = incidentRepo();
    repo.write("migrations/022_b.sql", migrationSql("b")).commitAll("b, unlisted");
    repo.git("update-index", "--assume-unchanged", "--", SUITE, "migrations/022_b.sql");
    expect(repo.mighook(["fix"]).code).toBe(0);
    expect(repo.mighook(["renumber", "migrations/022_b.sql", "--to", "40"]).code).toBe(0);
    const tags = repo.git("ls-files", "-v", "--", SUITE, "migrations/040_b.sql");
    expect(tags).toBe(`h migrations/040_b.sql\nh ${SUITE}\n`);
  });
});
