// Hostile input, end to end through the packed CLI: names that are not UTF-8,
// files that are not regular files, sizes and values past what mighook reads.
import { execFileSync } from "node:child_process";
import { symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { json, migrationSql } from "./helpers/incident.js";
import { gitEnv, Repo, run } from "./helpers/repo.js";

const CONFIG = JSON.stringify({ sets: [{ dir: "migrations", suites: [{ file: "suite_test.go" }] }] });
const goList = (entries: string[]) => `package x\n\nvar migrations = []string{\n${entries.map((e) => `\t${e},\n`).join("")}}\n`;

/** Writes a file whose name is given as Latin-1 bytes. */
function writeBytesName(repo: Repo, latin1: string, content: string): void {
  writeFileSync(Buffer.concat([Buffer.from(`${repo.dir}/`), Buffer.from(latin1, "latin1")]), content);
}

describe("file names that are not UTF-8 stay byte-exact", () => {
  const latin1Repo = () => {
    const repo = new Repo().write("mighook.config.json", CONFIG).write("migrations/001_a.sql", migrationSql("a"));
    writeBytesName(repo, "migrations/004_caf\xe9.sql", migrationSql("e9"));
    writeBytesName(repo, "migrations/004_caf\xe8.sql", migrationSql("e8"));
    return repo.write("suite_test.go", goList(['"001_a.sql"'])).git("add", "-A"), repo;
  };

  it("two Latin-1 names are two migrations: the shared version is caught, quoted as git quotes them", () => {
    const repo = latin1Repo();
    for (const args of [["check", "--staged"], ["check"]]) {
      const result = repo.mighook([...args, "--format", "json"]);
      expect(result.code).toBe(1);
      const findings = json(result.stdout).findings;
      const duplicate = findings.find((f) => f.rule === "duplicate-version")! as unknown as Record<string, string>;
      expect(duplicate.file).toBe('"migrations/004_caf\\351.sql"');
      expect(Buffer.from(duplicate.fileBytes!, "base64")).toEqual(Buffer.from("migrations/004_caf\xe9.sql", "latin1"));
      expect(duplicate.message).toContain('"migrations/004_caf\\350.sql"');
      expect(findings.filter((f) => f.rule === "missing-from-suite").map((f) => f.message)).toEqual([
        expect.stringContaining('"004_caf\\xe8.sql"'),
        expect.stringContaining('"004_caf\\xe9.sql"'),
      ]);
    }
    const human = repo.mighook(["check", "--staged"]).stdout;
    expect(human).toContain('✖ "migrations/004_caf\\351.sql"  duplicate-version');
    expect(human).not.toContain("\uFFFD");
  });

  it("fix lists the real files (Go \\x escapes), which check then reads back", () => {
    const repo = latin1Repo();
    const fixed = repo.mighook(["fix"]);
    expect(fixed.stdout).toContain('added "004_caf\\350.sql"');
    expect(repo.read("suite_test.go")).toBe(goList(['"001_a.sql"', '"004_caf\\xe8.sql"', '"004_caf\\xe9.sql"']));
    const after = json(repo.mighook(["check", "--staged", "--format", "json"]).stdout).findings;
    expect(after.map((f) => f.rule)).toEqual(["duplicate-version"]);
  });

  it("list and renumber name them as git does; renumber takes that form back and moves the exact file", () => {
    const repo = latin1Repo();
    repo.mighook(["fix"]);
    expect(repo.mighook(["list"]).stdout).toBe('001_a.sql\n"004_caf\\350.sql"\n"004_caf\\351.sql"\n');
    const listed = JSON.parse(repo.mighook(["list", "--format", "json"]).stdout) as Array<Record<string, unknown>>;
    expect(listed[1]).toMatchObject({ file: '"004_caf\\350.sql"', version: 4, fileBytes: Buffer.from("004_caf\xe8.sql", "latin1").toString("base64") });

    const renumbered = repo.mighook(["renumber", '"migrations/004_caf\\350.sql"']);
    expect(renumbered.stderr).toBe("");
    expect(renumbered.stdout).toContain('Renamed "migrations/004_caf\\350.sql" to "migrations/005_caf\\350.sql"');
    expect(renumbered.code).toBe(0);
    expect(repo.git("-c", "core.quotePath=true", "ls-files")).toBe('mighook.config.json\nmigrations/001_a.sql\n"migrations/004_caf\\351.sql"\n"migrations/005_caf\\350.sql"\nsuite_test.go\n');
    expect(repo.read("suite_test.go")).toBe(goList(['"001_a.sql"', '"004_caf\\xe9.sql"', '"005_caf\\xe8.sql"']));
  });
});

describe("a changed file whose name holds a line break", () => {
  it("leaves every other blob read right, staged and in a commit's tree (each cat-file request is a line)", () => {
    const repo = new Repo().write("mighook.config.json", CONFIG).write("migrations/001_a.sql", migrationSql("a")).write("suite_test.go", goList(['"001_a.sql"']));
    repo.commitAll("base");
    repo.write("odd\nname.go", goList(['"001_a.sql"', '"002_b.sql"'])).write("migrations/002_b.sql", migrationSql("b")).git("add", "-A");
    const expectMissing = (result: { code: number; stdout: string }) => {
      expect(result.code).toBe(1);
      expect(json(result.stdout).findings.map((f) => f.rule)).toEqual(["missing-from-suite"]);
    };
    expectMissing(repo.mighook(["check", "--staged", "--format", "json"]));
    repo.git("commit", "-q", "--no-verify", "-m", "b");
    expectMissing(repo.mighook(["check", "--tree", "HEAD", "--format", "json"]));
  });
});

describe("versions as goose parses them (strconv.ParseInt, 64 bits)", () => {
  it("reads a sign, keeps versions past 2^53 apart, accepts up to 2^63-1 and no further", () => {
    const repo = new Repo().write("mighook.config.json", CONFIG);
    const files = ["+5_b.sql", "005_a.sql", "9007199254740992_c.sql", "9007199254740993_d.sql", "9223372036854775807_e.sql", "9223372036854775808_f.sql"];
    for (const file of files) repo.write(`migrations/${file}`, migrationSql("x"));
    repo.write("suite_test.go", goList(files.slice(0, 5).map((f) => JSON.stringify(f)))).git("add", "-A");
    const findings = json(repo.mighook(["check", "--staged", "--format", "json"]).stdout).findings;
    expect(findings.map((f) => `${f.rule} ${f.file}`)).toEqual([
      "duplicate-version migrations/005_a.sql",
      "invalid-filename migrations/9223372036854775808_f.sql",
    ]);
    expect(findings[0]!.message).toBe("version 5 is also used by migrations/+5_b.sql");
    expect(findings[1]!.message).toContain("above goose's highest, 2^63-1");
    const listed = JSON.parse(repo.mighook(["list", "--format", "json"]).stdout) as Array<{ version: unknown }>;
    expect(listed.map((m) => m.version)).toEqual([5, 5, "9007199254740992", "9007199254740993", "9223372036854775807"]);
  });

  it("new after 2^53-1 creates the next version exactly, and check passes it; past 2^63-1 it refuses", () => {
    const repo = new Repo().write("mighook.config.json", CONFIG).write("migrations/9007199254740991_a.sql", migrationSql("a"));
    repo.write("suite_test.go", goList(['"9007199254740991_a.sql"'])).commitAll();
    const created = repo.mighook(["new", "next"]);
    expect(created.stdout).toContain("Created migrations/9007199254740992_next.sql");
    expect(created.code, created.stdout + created.stderr).toBe(0);

    const full = new Repo().write("mighook.config.json", CONFIG).write("migrations/9223372036854775807_a.sql", migrationSql("a"));
    full.write("suite_test.go", goList(['"9223372036854775807_a.sql"'])).commitAll();
    const refused = full.mighook(["new", "next"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("no free version");
  });
});

describe("conflict markers", () => {
  it("a valid suite whose raw string holds a line of ======= is no staged conflict", () => {
    const repo = new Repo().write("mighook.config.json", CONFIG).write("migrations/001_a.sql", migrationSql("a"));
    const go = goList(['"001_a.sql"']) + "\nconst banner = `\nmigrations\n=======\n`\n";
    repo.write("suite_test.go", go).git("add", "-A");
    const result = repo.mighook(["check", "--staged"]);
    expect(result.stdout).toContain("no problems");
    expect(result.code).toBe(0);
  });
});

describe("folders and submodules named like migrations", () => {
  it("are an error in --staged, --tree and the working tree alike, and no migration", () => {
    const sub = new Repo().write("README", "sub\n").commitAll();
    const repo = new Repo().write("mighook.config.json", CONFIG).write("migrations/001_a.sql", migrationSql("a"));
    repo.write("migrations/002_notes.sql/readme.md", "a folder, not a migration\n");
    repo.write("suite_test.go", goList(['"001_a.sql"']));
    repo.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", sub.dir, "migrations/004_sub.sql");
    repo.git("add", "-A");
    const rules = (args: string[]) =>
      json(repo.mighook([...args, "--format", "json"]).stdout).findings.map((f) => `${f.rule} ${f.file}`);
    const expected = ["migration-not-a-file migrations/002_notes.sql", "migration-not-a-file migrations/004_sub.sql"];
    expect(rules(["check", "--staged"])).toEqual(expected);
    expect(rules(["check"])).toEqual(expected);
    const human = repo.mighook(["check", "--staged"]).stdout;
    expect(human).toContain("migrations/004_sub.sql is a submodule, not a file");
    expect(human).toContain("migrations/002_notes.sql is a folder, not a file");
    repo.git("commit", "-q", "--no-verify", "-m", "x");
    expect(rules(["check", "--tree", "HEAD"])).toEqual(expected);
  });
});

describe("nothing that isn't a regular file is opened, and what is read is capped", () => {
  const mkfifo = (path: string) => execFileSync("mkfifo", [path]);
  const bin = () => inject("mighookBin");
  const timed = (repo: Repo, args: string[]) => run(bin(), args, { cwd: repo.dir, env: gitEnv(), timeout: 20_000 });

  it("a FIFO named mighook.config.json: the hook says so instead of hanging", () => {
    const repo = new Repo().write("migrations/001_a.sql", migrationSql("a"));
    repo.git("add", "-A");
    mkfifo(join(repo.dir, "mighook.config.json"));
    const result = timed(repo, ["check", "--staged"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("mighook.config.json is a named pipe (FIFO), not a regular file");
  });

  it("a FIFO at the suite path: fix and new edit the index and leave the pipe alone", () => {
    const repo = new Repo().write("mighook.config.json", CONFIG).write("migrations/001_a.sql", migrationSql("a"));
    repo.write("suite_test.go", goList([])).commitAll();
    repo.remove("suite_test.go");
    mkfifo(join(repo.dir, "suite_test.go"));
    const fixed = timed(repo, ["fix"]);
    expect(fixed.stdout).toContain("staged in the index only: the working-tree file could not be read (it is a named pipe (FIFO)");
    expect(fixed.code).toBe(0);
    const created = timed(repo, ["new", "next"]);
    expect(created.stdout).toContain("Created migrations/002_next.sql");
    expect(repo.git("show", ":suite_test.go")).toBe(goList(['"001_a.sql"', '"002_next.sql"']));
  });

  it("a FIFO named like a migration: the working-tree check names it and never opens it", () => {
    const repo = new Repo().write("mighook.config.json", CONFIG).write("migrations/001_a.sql", migrationSql("a"));
    repo.write("suite_test.go", goList(['"001_a.sql"'])).commitAll();
    mkfifo(join(repo.dir, "migrations/002_pipe.sql"));
    repo.git("update-index", "--add", "--cacheinfo", `100644,${repo.git("hash-object", "-w", "--stdin").trim()},migrations/002_pipe.sql`);
    const result = timed(repo, ["check", "--format", "json"]);
    expect(json(result.stdout).findings.map((f) => `${f.rule} ${f.file}`)).toContain("migration-not-a-file migrations/002_pipe.sql");
    expect(result.stdout).toContain("is a named pipe (FIFO), not a file");
  });

  it("a committed symbolic link from the config to /dev/urandom: refused at once, nothing read", () => {
    const repo = new Repo().write("migrations/001_a.sql", migrationSql("a"));
    symlinkSync("/dev/urandom", join(repo.dir, "mighook.config.json"));
    repo.commitAll();
    const worktree = timed(repo, ["check"]);
    expect(worktree.code).toBe(2);
    expect(worktree.stderr).toContain("mighook.config.json is a device, not a regular file");
    // In the index the link is its target's path, which is no JSON.
    repo.write("migrations/002_b.sql", migrationSql("b")).git("add", "-A");
    const staged = timed(repo, ["check", "--staged"]);
    expect(staged.code).toBe(2);
    expect(staged.stderr).toContain("mighook.config.json: not valid JSON");
  });

  it("a migration past 256 MiB: a clear exit 2 in the index and the working tree, without holding it in memory", () => {
    const repo = new Repo().write("mighook.config.json", CONFIG).write("suite_test.go", goList(['"001_big.sql"']));
    const big = join(repo.dir, "migrations/001_big.sql");
    repo.write("migrations/001_big.sql", "");
    truncateSync(big, 257 * 1024 * 1024);
    repo.git("add", "-A");
    for (const args of [["check", "--staged"], ["check"]]) {
      const result = timed(repo, args);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain("migrations/001_big.sql is 257 MiB, more than mighook reads (256 MiB)");
    }
  });
});

describe("config values mighook can't use are named, not internal errors", () => {
  it("a NUL in a config string: exit 2 naming the key, in every format", () => {
    const repo = new Repo().write("migrations/001_a.sql", migrationSql("a"));
    repo.write("mighook.config.json", JSON.stringify({ sets: [{ dir: "migrations", baseRef: "ma\u0000in" }] })).git("add", "-A");
    const result = repo.mighook(["check", "--staged"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("mighook.config.json: sets[0].baseRef: holds a NUL character (\\u0000)");
    expect(result.stderr).not.toContain("internal error");
  });

  it("a __proto__ skip key is a skip key like any other (here a stale one)", () => {
    const repo = new Repo().write("migrations/001_a.sql", migrationSql("a"));
    repo.write("mighook.config.json", '{"sets": [{"dir": "migrations", "skip": {"__proto__": "typo"}}]}').git("add", "-A");
    const findings = json(repo.mighook(["check", "--staged", "--format", "json"]).stdout).findings;
    expect(findings.map((f) => `${f.rule} ${f.message}`)).toEqual([expect.stringContaining('stale-skip "skip" names "__proto__"')]);
  });
});

describe("--format json on exit 2", () => {
  it('prints {"ok": false, "error"} for check and list, whatever failed', () => {
    const repo = new Repo().write("migrations/001_a.sql", migrationSql("a"));
    repo.write("mighook.config.json", '{"sets": [{"dir": "migrations", "requireDown": "yes"}]}').git("add", "-A");
    for (const args of [["check", "--staged"], ["check"], ["list"], ["check", "--staged", "--bogus"]]) {
      const result = repo.mighook([...args, "--format", "json"]);
      expect(result.code).toBe(2);
      const parsed = JSON.parse(result.stdout) as { ok: boolean; error: { message: string; hint?: string; exitCode: number } };
      expect(parsed).toMatchObject({ ok: false, error: { message: expect.any(String), exitCode: 2 } });
      expect(result.stderr).toContain(parsed.error.message);
    }
  });
});

describe("names that look alike", () => {
  it("an NFC and an NFD spelling of one name are two files, and messages say which is which", () => {
    const nfc = "004_caf\u00e9.sql";
    const nfd = "004_cafe\u0301.sql";
    const repo = new Repo().write("mighook.config.json", CONFIG).write(`migrations/${nfc}`, migrationSql("a")).write(`migrations/${nfd}`, migrationSql("b"));
    repo.write("suite_test.go", goList([JSON.stringify(nfc)])).git("add", "-A");
    const findings = json(repo.mighook(["check", "--staged", "--format", "json"]).stdout).findings;
    expect(findings.map((f) => `${f.rule}: ${f.message}`)).toEqual([
      `duplicate-version: version 4 is also used by migrations/${nfc}`,
      `missing-from-suite: "${nfd}" (decomposed (NFD) spelling: e+U+0301) is missing from list \`migrations\`, so the suite never applies it`,
    ]);
    expect(findings[0]!.file).toBe(`migrations/${nfd}`);
    expect(repo.mighook(["check", "--staged"]).stdout).toMatch(new RegExp(`^migrations/${nfd} \\(decomposed \\(NFD\\) spelling: e\\+U\\+0301\\)\n`));
  });
});

describe("SARIF and names that are not UTF-8", () => {
  it("the artifact URI percent-encodes the exact bytes", () => {
    const repo = new Repo().write("mighook.config.json", CONFIG).write("migrations/001_a.sql", migrationSql("a"));
    writeBytesName(repo, "migrations/001_caf\xe9 x.sql", migrationSql("e9"));
    repo.write("suite_test.go", goList(['"001_a.sql"', '"001_caf\\xe9 x.sql"'])).git("add", "-A");
    const result = repo.mighook(["check", "--staged", "--format", "sarif"]);
    expect(result.code, result.stderr).toBe(1);
    const uris = (JSON.parse(result.stdout) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> }).runs[0]!.results.map(
      (r) => r.locations[0]!.physicalLocation.artifactLocation.uri,
    );
    expect(uris).toContain("migrations/001_caf%E9%20x.sql");
  });
});
