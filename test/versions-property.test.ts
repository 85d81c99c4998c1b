import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareMigrations, describeFile, parseVersion, sharedVersions, type Migration } from "../src/model/versions.js";

// sharedVersions finds the versions taken twice by walking the set's suite
// order instead of hashing every version; whatever the order it is given, it
// must find exactly the groups a plain map finds. Fixed seed; more runs with
// MIGHOOK_FUZZ_RUNS=<n> (npm run fuzz).
const RUNS = Number(process.env.MIGHOOK_FUZZ_RUNS ?? 300);
const SEED = Number(process.env.MIGHOOK_FUZZ_SEED ?? 20261202);

const fileArb = fc
  .tuple(fc.constantFrom("1", "01", "001", "2", "02", "21", "021", "+21", "-1", "0", "x", "1000", "9223372036854775807", "9223372036854775808"), fc.constantFrom("a", "b", "c"), fc.constantFrom(".sql", ".go"))
  .map(([digits, name, ext]) => `${digits}_${name}${ext}`);
const setArb = fc.tuple(fc.uniqueArray(fileArb, { maxLength: 12 }), fc.boolean()).map(([files, sorted]) => {
  const migrations = files.map((file) => describeFile(`m/${file}`, file, (f) => f.startsWith("1000_") || f.endsWith("_c.sql"), {}));
  return sorted ? migrations.sort(compareMigrations) : migrations;
});

function byMap(migrations: Migration[]): string[][] {
  const groups = new Map<bigint, string[]>();
  for (const m of migrations) if (m.version !== null) groups.set(m.version, [...(groups.get(m.version) ?? []), m.file]);
  return [...groups.values()].filter((g) => g.length > 1);
}

const canonical = (groups: string[][]) => groups.map((g) => [...g].sort().join(",")).sort();

describe("sharedVersions", () => {
  it("finds exactly the groups a map of versions finds, in suite order or any other", () => {
    fc.assert(
      fc.property(setArb, (migrations) => {
        const groups = sharedVersions(migrations);
        expect(canonical(groups.map((g) => g.map((m) => m.file)))).toEqual(canonical(byMap(migrations)));
        // Each group keeps the order it was given in.
        for (const group of groups) expect(group).toEqual(migrations.filter((m) => group.includes(m)));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it("describeFile versions a file exactly as parseVersion (goose's strconv.ParseInt) does", () => {
    const digits = fc.stringMatching(/^[+-]?[0-9]{0,21}$/).chain((d) => fc.constantFrom(d, `0${d}`, `${d}x`, ` ${d}`, "9223372036854775807", "9223372036854775808", "-0", "+0", "٣"));
    fc.assert(
      fc.property(digits, fc.constantFrom("_a.sql", ".sql", "_b.go", "__c.sql"), (d, rest) => {
        const file = `${d}${rest}`;
        const parsed = parseVersion(file);
        const m = describeFile(`m/${file}`, file, () => false, {});
        expect([m.version, m.invalidReason, m.digits]).toEqual("version" in parsed ? [parsed.version, undefined, parsed.digits] : [null, parsed.reason, parsed.digits]);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
