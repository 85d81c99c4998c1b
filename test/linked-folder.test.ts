import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { migrationSql } from "./helpers/incident.js";
import { Repo } from "./helpers/repo.js";

// A migrations folder committed as a symbolic link: git records the link and
// the files under the real folder, so mighook refuses it (exit 2) in every
// mode and every command, naming the folder to configure instead.
const outside: string[] = [];
afterEach(() => {
  for (const dir of outside.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** `migrations` → db/migrations, committed as a link, with one migration in the real folder. */
function linkedRepo(target = "db/migrations"): Repo {
  const repo = new Repo();
  repo.write("db/migrations/001_first.sql", migrationSql("first"));
  symlinkSync(target, join(repo.dir, "migrations"));
  return repo.commitAll("baseline");
}

const output = (r: { stdout: string; stderr: string }) => r.stdout + r.stderr;

describe("a configured migrations folder that is a symbolic link", () => {
  it("is refused by check in every mode, even when only the real folder changes", () => {
    const repo = linkedRepo();
    // The incident's shape: a new migration in the real folder that no list names.
    repo.write("db/migrations/002_second.sql", migrationSql("second")).git("add", "-A");
    for (const args of [["check", "--staged"], ["check"], ["check", "--tree", "HEAD"], ["list"], ["fix"], ["renumber", "migrations/001_first.sql"]]) {
      const result = repo.mighook(args);
      expect(result.code, `${args.join(" ")}: ${output(result)}`).toBe(2);
      expect(result.stderr).toContain('the migrations folder "migrations" is a symbolic link to db/migrations');
      expect(result.stderr).toContain('Set "dir" to the real folder, "db/migrations"');
    }
    // The hook blocks the commit instead of passing it.
    expect(repo.mighook(["install"]).code).toBe(0);
    const blocked = repo.tryGit(["commit", "-m", "x"]);
    expect(blocked.code).not.toBe(0);
    expect(blocked.stderr).toContain("symbolic link");
  });

  it("the hook's pre-check does not skip a commit after the folder became a link behind its back (--no-verify, a pull)", () => {
    const repo = new Repo();
    repo.write("migrations/001_first.sql", migrationSql("first")).commitAll("baseline");
    // install runs a full check, which leaves the pre-check's cache for a real folder.
    expect(repo.mighook(["install"]).code).toBe(0);
    repo.git("rm", "-rq", "--cached", "migrations");
    rmSync(join(repo.dir, "migrations"), { recursive: true });
    repo.write("db/migrations/001_first.sql", migrationSql("first"));
    symlinkSync("db/migrations", join(repo.dir, "migrations"));
    repo.git("add", "-A");
    repo.git("commit", "-q", "--no-verify", "-m", "the folder moves behind a link");
    // Only the real folder changes: no watched path is staged, yet the hook must not pass.
    repo.write("db/migrations/002_second.sql", migrationSql("second")).git("add", "-A");
    const blocked = repo.tryGit(["commit", "-m", "unlisted migration in the real folder"]);
    expect(blocked.code).not.toBe(0);
    expect(blocked.stderr).toContain("symbolic link");
  });

  it("new writes nothing and stages nothing, for a link inside or outside the repository", () => {
    const elsewhere = mkdtempSync(join(tmpdir(), "mighook-outside-"));
    outside.push(elsewhere);
    for (const target of ["db/migrations", elsewhere]) {
      const repo = linkedRepo(target);
      const before = repo.git("ls-files", "-s");
      const result = repo.mighook(["new", "add_status"]);
      expect(result.code, output(result)).toBe(2);
      expect(repo.git("ls-files", "-s")).toBe(before);
      expect(repo.git("status", "--porcelain")).toBe("");
      expect(readdirSync(elsewhere)).toEqual([]);
      expect(readdirSync(join(repo.dir, "db/migrations"))).toEqual(["001_first.sql"]);
      if (target === elsewhere) expect(result.stderr).toContain("points outside this repository");
    }
  });

  it("a link on disk that the index does not know yet stops new before it writes through it", () => {
    const elsewhere = mkdtempSync(join(tmpdir(), "mighook-outside-"));
    outside.push(elsewhere);
    const repo = new Repo().write("README.md", "x\n").commitAll();
    symlinkSync(elsewhere, join(repo.dir, "migrations"));
    const result = repo.mighook(["new", "add_status"]);
    expect(result.code, output(result)).toBe(2);
    expect(result.stderr).toContain("in the working tree");
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(repo.git("ls-files")).toBe("README.md\n");
  });

  it("a linked folder on the way to dir is refused too, naming the real folder below it", () => {
    const repo = new Repo();
    repo.write("real/sql/001_first.sql", migrationSql("first"));
    symlinkSync("real", join(repo.dir, "db"));
    repo.write("mighook.config.json", JSON.stringify({ sets: [{ name: "main", dir: "db/sql" }] }));
    repo.commitAll();
    const result = repo.mighook(["check", "--tree", "HEAD"]);
    expect(result.code, output(result)).toBe(2);
    expect(result.stderr).toContain('mighook.config.json: sets[0].dir: "db", a folder on the way to the migrations folder "db/sql", is a symbolic link to real');
    expect(result.stderr).toContain('"real/sql"');
  });

  it("a real folder passes as before, and a relative link resolves from the link's own folder", () => {
    const repo = new Repo();
    repo.write("services/api/db/001_first.sql", migrationSql("first"));
    symlinkSync("db", join(repo.dir, "services/api/sql"));
    repo.write("mighook.config.json", JSON.stringify({ sets: [{ name: "main", dir: "services/api/sql" }] }));
    repo.commitAll();
    const linked = repo.mighook(["check"]);
    expect(linked.code).toBe(2);
    expect(linked.stderr).toContain('"services/api/db"');
    repo.write("mighook.config.json", JSON.stringify({ sets: [{ name: "main", dir: "services/api/db" }] }));
    const real = repo.mighook(["check"]);
    expect(real.code, output(real)).toBe(0);
    expect(existsSync(join(repo.dir, "services/api/db/001_first.sql"))).toBe(true);
  });
});
