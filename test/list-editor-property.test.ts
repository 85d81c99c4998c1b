import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { fixStep } from "../src/edit/plans.js";
import { desiredEntries } from "../src/model/desired.js";
import { describeMigrations } from "../src/model/versions.js";
import { GoBatch, gofmtPath } from "./helpers/gofmt.js";
import { caseArb, commentsOf, listNames, outsideLists, setOf, suiteText, withEdits, type SuiteCase } from "./helpers/go-lists.js";

// The list editor (`fix` on the index's copy of a suite and on the working
// tree's copy with unstaged edits), on generated Go lists with comments in
// every position, blank lines, raw strings and several entries per line:
//   - no comment is dropped, and nothing outside the lists changes (in the
//     working tree: no unstaged byte is dropped, unstaged entry edits stay);
//   - a second fix changes nothing;
//   - the output is valid Go, and a gofmt-clean input stays gofmt-clean, as
//     Debian's real gofmt judges them: one `gofmt -w` makes the clean inputs,
//     one `gofmt -l` judges every output of the run.
// `npm run fuzz` runs the same properties with MIGHOOK_FUZZ_RUNS cases and a
// random MIGHOOK_FUZZ_SEED.
const RUNS = Number(process.env.MIGHOOK_FUZZ_RUNS ?? 400);
const SEED = Number(process.env.MIGHOOK_FUZZ_SEED ?? 20251215);

function stepFor(c: SuiteCase) {
  const set = setOf(c);
  const migrations = describeMigrations(
    c.files.map((f) => `migrations/${f}`),
    set.dir,
    set.special,
    set.skip,
  );
  return { step: fixStep(set, migrations, set.suites[0]!), migrations };
}

interface Outcome {
  index: string;
  worktree: string;
}

/** Runs fix on both copies and checks every invariant that needs no gofmt; throws with the case on a failure. */
function fixAndCheck(c: SuiteCase, index: string, worktree: string): Outcome {
  const { step, migrations } = stepFor(c);
  const fixed = step.index(index);
  const why = (what: string) => `${what}\n--- index in:\n${index}\n--- index out:\n${fixed}`;
  // The lists hold what the check wants, and nothing else changed.
  expect(listNames(fixed), why("entries")).toEqual(listNames(index).map((names) => desiredEntries(names, migrations)));
  expect(commentsOf(fixed), why("comments")).toEqual(commentsOf(index));
  expect(outsideLists(fixed), why("outside the lists")).toBe(outsideLists(index));
  expect(step.index(fixed), why("a second fix")).toBe(fixed);

  const fixedTree = step.worktree(worktree, index, fixed);
  const whyTree = (what: string) => `${what}\n--- worktree in:\n${worktree}\n--- index in:\n${index}\n--- worktree out:\n${fixedTree}`;
  expect(commentsOf(fixedTree), whyTree("unstaged comments")).toEqual(commentsOf(worktree));
  expect(outsideLists(fixedTree), whyTree("outside the lists")).toBe(outsideLists(worktree));
  // Entries added or removed in the working tree only stay so.
  const base = listNames(index);
  const ours = listNames(worktree);
  const out = listNames(fixedTree);
  ours.forEach((names, k) => {
    for (const name of names.filter((n) => !base[k]!.includes(n))) expect(out[k], whyTree(`unstaged entry ${name}`)).toContain(name);
    for (const name of base[k]!.filter((n) => !names.includes(n))) expect(out[k], whyTree(`entry ${name} removed unstaged`)).not.toContain(name);
  });
  expect(step.worktree(fixedTree, fixed, fixed), whyTree("a second fix of the working tree")).toBe(fixedTree);
  return { index: fixed, worktree: fixedTree };
}

const batches: GoBatch[] = [];
// MIGHOOK_KEEP_GO=1 keeps the folders of Go files, to look at what gofmt said.
afterAll(() => batches.forEach((b) => (process.env.MIGHOOK_KEEP_GO ? console.log(`kept ${b.dir}`) : b.remove())));
const batch = () => {
  const b = new GoBatch();
  batches.push(b);
  return b;
};

describe("the list editor, property-based", () => {
  it("keeps every comment and unstaged edit, and a second fix changes nothing", () => {
    fc.assert(
      fc.property(caseArb(), (c) => {
        const index = suiteText(c);
        fixAndCheck(c, index, withEdits(index, c.edits));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it("writes valid Go, and keeps gofmt-clean lists gofmt-clean (judged by gofmt, batched)", () => {
    gofmtPath(); // fails loudly, with how to install it, when missing
    const cases = fc.sample(caseArb(), { numRuns: RUNS, seed: SEED + 1 });
    // Each case as generated, and as gofmt writes it: the clean inputs.
    const raw = cases.map((c) => {
      const index = suiteText(c);
      return { index, worktree: withEdits(index, c.edits) };
    });
    const clean = batch();
    const names = raw.map((r, i) => [clean.add(r.index, `index${i}`), clean.add(r.worktree, `worktree${i}`)] as const);
    const formatting = clean.format();
    expect([...formatting.invalid.values()], "the generated inputs must be valid Go").toEqual([]);
    // gofmt is not always idempotent around comments: a file it would change
    // again is not a clean input, and one it made invalid is no input at all
    // (gofmt 1.19 turns `{"a" /* c */,\n}` into `{"a"\n/* c */}`).
    const cleanVerdict = clean.judge();
    const unstable = cleanVerdict.unformatted;

    const judged = batch();
    const mustBeClean = new Map<string, { input: string; output: string }>();
    const inputs = new Map<string, string>();
    cases.forEach((c, i) => {
      const [indexName, worktreeName] = names[i]!;
      const tidy = { index: clean.read(indexName), worktree: clean.read(worktreeName) };
      const copies = cleanVerdict.invalid.has(indexName) || cleanVerdict.invalid.has(worktreeName) ? [["raw", raw[i]!] as const] : ([["raw", raw[i]!], ["clean", tidy]] as const);
      for (const [label, copy] of copies) {
        const out = fixAndCheck(c, copy.index, copy.worktree);
        const a = judged.add(out.index, `${label}-index${i}`);
        const b = judged.add(out.worktree, `${label}-worktree${i}`);
        inputs.set(a, copy.index).set(b, copy.worktree);
        if (label === "clean" && !unstable.has(indexName)) mustBeClean.set(a, { input: copy.index, output: out.index });
        if (label === "clean" && !unstable.has(worktreeName)) mustBeClean.set(b, { input: copy.worktree, output: out.worktree });
      }
    });
    const verdict = judged.judge();
    const smallest = (files: string[]) => files.sort((x, y) => inputs.get(x)!.length - inputs.get(y)!.length)[0];
    const invalid = smallest([...verdict.invalid.keys()]);
    expect(invalid, invalid && `gofmt rejects the output (${verdict.invalid.size} cases; smallest shown): ${verdict.invalid.get(invalid)}\n--- in:\n${inputs.get(invalid)}\n--- out:\n${judged.read(invalid)}`).toBeUndefined();
    // gofmt has no stable form for some outputs: formatting them gives a file
    // it would change again, or that is not Go (gofmt 1.19, when the only
    // elements left sit on the '{' line and comment lines follow). No layout
    // of such a list is gofmt-clean.
    const flagged = [...verdict.unformatted].filter((f) => mustBeClean.has(f));
    const again = batch();
    const copies = new Map(flagged.map((f) => [again.add(judged.read(f)), f] as const));
    if (flagged.length) again.format();
    const second = flagged.length ? again.judge() : { unformatted: new Set<string>(), invalid: new Map<string, string>() };
    const unstableOut = new Set([...second.unformatted, ...second.invalid.keys()].map((c) => copies.get(c)!));
    const broken = flagged.filter((f) => !unstableOut.has(f));
    const unformatted = smallest(broken);
    expect(
      unformatted,
      unformatted && `a gofmt-clean list is no longer gofmt-clean (${broken.length} cases; smallest shown)\n--- in:\n${inputs.get(unformatted)}\n--- out:\n${judged.read(unformatted)}`,
    ).toBeUndefined();
  });
});
