import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Config } from "../src/config/types.js";
import { fixStep } from "../src/edit/plans.js";
import { modelFromSnapshot } from "../src/model/model.js";
import { runRules } from "../src/rules/index.js";
import type { Snapshot } from "../src/source/types.js";
import { migrationSql } from "./helpers/incident.js";
import { Repo } from "./helpers/repo.js";

// For random migration folders and random hand-written lists (comments,
// several entries per line, raw strings, path prefixes, duplicates, unknown
// names, any order): `fix` then `check` is clean, and a second `fix` changes
// nothing.

const SUITE = "suite_test.go";
// More runs: `npm run fuzz` (MIGHOOK_FUZZ_RUNS cases from MIGHOOK_FUZZ_SEED).
const RUNS = Number(process.env.MIGHOOK_FUZZ_RUNS ?? process.env.MIGHOOK_PROPERTY_RUNS ?? 300);
const SEED = Number(process.env.MIGHOOK_FUZZ_SEED ?? 20251211);
const LIST_RULES = new Set(["missing-from-suite", "unknown-in-suite", "duplicate-in-suite", "suite-order", "suite-unreadable"]);

interface State {
  files: string[]; // migration file names
  skip: string[];
  /** skipped by the suite's own skip (suites[].skip) */
  listSkip: string[];
  lists: Item[][];
  oneLine: boolean[];
}

type Item =
  | { kind: "entry"; value: string; raw: boolean; trailing: boolean; sameLine: boolean }
  | { kind: "block" | "line"; sameLine: boolean };

const version = fc.integer({ min: 1, max: 40 });
const word = fc.constantFrom("a", "users", "status_reason", "index");

/** Migration file names: mostly zero-padded, some not, specials (1000_), maybe a misnamed one. */
const filesArb = fc
  .uniqueArray(
    fc.oneof(
      { weight: 8, arbitrary: fc.tuple(version, word).map(([v, w]) => `${String(v).padStart(3, "0")}_${w}.sql`) },
      { weight: 1, arbitrary: fc.tuple(version, word).map(([v, w]) => `${v}_${w}.go`) },
      { weight: 1, arbitrary: word.map((w) => `1000_${w}.sql`) },
      { weight: 1, arbitrary: word.map((w) => `${w}.sql`) },
    ),
    { minLength: 0, maxLength: 12 },
  )
  .map((files) => files.sort());

function stateArb(options: { clean: boolean }): fc.Arbitrary<State> {
  const files = options.clean
    ? // for a check that must pass as a whole: goose-loadable, unique versions
      fc.uniqueArray(version, { maxLength: 10 }).chain((vs) =>
        fc.tuple(...vs.map((v) => word.map((w) => `${String(v).padStart(3, "0")}_${w}.sql`))).map((fs) => [...fs, "1000_special.sql"]),
      )
    : filesArb;
  return files.chain((fs) => {
    const names = [...fs, "099_gone.sql", "019_typo.sql"];
    const value = fc.tuple(fc.constantFrom(...names), fc.boolean()).map(([n, prefixed]) => (prefixed ? `../../migrations/${n}` : n));
    const item: fc.Arbitrary<Item> = fc.oneof(
      { weight: 6, arbitrary: fc.record({ kind: fc.constant("entry" as const), value, raw: fc.boolean(), trailing: fc.boolean(), sameLine: fc.boolean() }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom("block" as const, "line" as const), sameLine: fc.boolean() }) },
    );
    return fc.record({
      files: fc.constant(fs),
      skip: fc.subarray(fs),
      listSkip: fc.subarray(fs),
      lists: fc.array(fc.array(item, { maxLength: 16 }), { minLength: 1, maxLength: 3 }),
      oneLine: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
    });
  });
}

/** A Go file with one function per list, written in the generated layout. */
function suiteText(state: State): string {
  const fns = state.lists.map((items, k) => {
    let body = "";
    if (state.oneLine[k] && items.every((i) => i.kind !== "line" && !(i.kind === "entry" && i.trailing))) {
      body = items
        .map((i) => (i.kind === "entry" ? literal(i.value, i.raw) : "/* c */"))
        .reduce((out, s, n) => out + (n === 0 ? "" : items[n - 1]!.kind === "entry" ? ", " : " ") + s, "");
    } else {
      let newline = true;
      for (const i of items) {
        body += newline || !i.sameLine ? "\n\t\t" : " ";
        if (i.kind === "entry") body += `${literal(i.value, i.raw)},${i.trailing ? " // note" : ""}`;
        else body += i.kind === "block" ? "/* c */" : "// comment line";
        newline = i.kind === "line" || (i.kind === "entry" && i.trailing);
      }
      body += "\n\t";
    }
    return `func f${k}() {\n\tmigrations := []string{${body}}\n\t_ = migrations\n}\n`;
  });
  return `package suite\n\n${fns.join("\n")}`;
}

const literal = (value: string, raw: boolean) => (raw ? `\`${value}\`` : JSON.stringify(value));

function config(state: State): Config {
  return {
    source: "mighook.config.json",
    text: null,
    sets: [
      {
        name: "m",
        dir: "migrations",
        format: "goose",
        special: ["1000_*.sql"],
        skip: Object.fromEntries(state.skip.map((f) => [f, "on purpose"])),
        suites: [{ file: SUITE, list: "migrations", skip: Object.fromEntries(state.listSkip.map((f) => [f, "not in this list"])) }],
        requireDown: true,
        // The lists are what this property is about; the SQL checks have their own tests.
        dialect: "none",
      },
    ],
  };
}

/** A snapshot (paths and bytes) made in memory: the real model and rules run on it. */
function memorySnapshot(files: Map<string, string>): Snapshot {
  return {
    files: new Map([...files.keys()].map((p) => [p, null])),
    read: async (wanted) => new Map(wanted.filter((p) => files.has(p)).map((p) => [p, Buffer.from(files.get(p)!)])),
  };
}

async function model(state: State, suite: string) {
  const files = new Map(state.files.map((f) => [`migrations/${f}`, migrationSql("x")]));
  files.set(SUITE, suite);
  return modelFromSnapshot(memorySnapshot(files), { label: "the index", config: config(state), changes: new Map() });
}

async function fixOnce(state: State, suite: string): Promise<string> {
  const m = await model(state, suite);
  const set = m.sets[0]!;
  return fixStep(set.set, set.migrations, set.set.suites[0]!).index(suite);
}

describe("fix, property-based", () => {
  it("for random lists, fix then check finds nothing wrong with them, and fixing again changes nothing", async () => {
    await fc.assert(
      fc.asyncProperty(stateArb({ clean: false }), async (state) => {
        const suite = suiteText(state);
        const fixed = await fixOnce(state, suite);
        const findings = runRules(await model(state, fixed)).filter((f) => LIST_RULES.has(f.rule));
        expect(findings).toEqual([]);
        expect(await fixOnce(state, fixed)).toBe(fixed);
        // A migration the list's own skip leaves out is not added by fix.
        const names = (go: string, file: string) => new RegExp(`["\`/]${file.replace(/\./g, "\\.")}["\`]`).test(go);
        for (const file of state.listSkip) if (!names(suite, file)) expect(names(fixed, file)).toBe(false);
        // Comments survive, but those that follow a removed entry on its line.
        const comments = (s: string) => (s.match(/\/\/ comment line|\/\* c \*\//g) ?? []).length;
        const ownLine = (s: string) => (s.match(/\n\t\t(\/\/ comment line|\/\* c \*\/)/g) ?? []).length;
        expect(comments(fixed)).toBeGreaterThanOrEqual(ownLine(suite));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it("applies the same fix to a working-tree version with an unrelated edit", async () => {
    await fc.assert(
      fc.asyncProperty(stateArb({ clean: false }), async (state) => {
        const suite = suiteText(state);
        const m = await model(state, suite);
        const set = m.sets[0]!;
        const step = fixStep(set.set, set.migrations, set.set.suites[0]!);
        const fixed = step.index(suite);
        const edit = (s: string) => s.replace("package suite\n", "package suite\n\n// an unstaged edit\n");
        expect(step.worktree(suite, suite, fixed)).toBe(fixed);
        expect(step.worktree(edit(suite), suite, fixed)).toBe(edit(fixed));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it("keeps the working tree's own list edits, and is stable on the working tree too", async () => {
    const twoVersions = stateArb({ clean: false }).chain((state) =>
      fc.array(fc.array(fc.constantFrom<Item>(...state.lists.flat(), { kind: "entry", value: "002_users.sql", raw: false, trailing: false, sameLine: false }), { maxLength: 16 }), { minLength: state.lists.length, maxLength: state.lists.length }).map(
        (lists) => [state, { ...state, lists }] as const,
      ),
    );
    await fc.assert(
      fc.asyncProperty(twoVersions, async ([state, worktree]) => {
        const suite = suiteText(state);
        const m = await model(state, suite);
        const set = m.sets[0]!;
        const step = fixStep(set.set, set.migrations, set.set.suites[0]!);
        const fixed = step.index(suite);
        const once = step.worktree(suiteText(worktree), suite, fixed);
        // A second fix finds the index right and leaves the working tree alone.
        expect(step.index(fixed)).toBe(fixed);
        expect(step.worktree(once, fixed, fixed)).toBe(once);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it("in real repositories: fix, then check --staged passes, and a second fix changes nothing", () => {
    fc.assert(
      fc.property(stateArb({ clean: true }), (state) => {
        const repo = new Repo();
        for (const f of state.files) repo.write(`migrations/${f}`, migrationSql(f.replace(/\W/g, "_")));
        repo.write(SUITE, suiteText(state));
        repo.write("mighook.config.json", JSON.stringify({ sets: [config(state).sets[0]] }));
        repo.git("add", "-A");
        // an unstaged edit that must stay unstaged
        repo.write(SUITE, `// unstaged\n${repo.read(SUITE)}`);

        const first = repo.mighook(["fix"]);
        expect(first.stderr).toBe("");
        expect(first.code).toBe(0);
        expect(repo.mighook(["check", "--staged"]).code).toBe(0);
        expect(repo.git("show", `:${SUITE}`)).not.toContain("// unstaged");
        expect(repo.read(SUITE)).toBe(`// unstaged\n${repo.git("show", `:${SUITE}`)}`);

        const before = [repo.git("ls-files", "--stage"), repo.read(SUITE)];
        expect(repo.mighook(["fix"]).code).toBe(0);
        expect([repo.git("ls-files", "--stage"), repo.read(SUITE)]).toEqual(before);
      }),
      // Real repositories cost seconds each: at most 60 of them, even in a fuzz run.
      { numRuns: Math.min(60, Math.max(8, Math.round(RUNS / 40))), seed: SEED },
    );
  });
});
