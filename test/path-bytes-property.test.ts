import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodePath, encodePath, isUtf8Path, quotePath, shownName, unquotePath } from "../src/path-bytes.js";

const RUNS = Number(process.env.MIGHOOK_FUZZ_RUNS ?? 500);

describe("path bytes", () => {
  it("keeps two Latin-1 names apart and gives their bytes back", () => {
    const e9 = decodePath(Buffer.from("004_caf\xe9.sql", "latin1"));
    const e8 = decodePath(Buffer.from("004_caf\xe8.sql", "latin1"));
    expect(e9).not.toBe(e8);
    expect(encodePath(e9)).toEqual(Buffer.from("004_caf\xe9.sql", "latin1"));
    expect(isUtf8Path(e9)).toBe(false);
    expect(isUtf8Path("004_café.sql")).toBe(true);
  });

  it("round-trips any bytes, and leaves valid UTF-8 as node decodes it", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const text = decodePath(Buffer.from(bytes));
        expect(encodePath(text)).toEqual(Buffer.from(bytes));
        expect(unquotePath(quotePath(text))).toBe(text);
      }),
      { seed: 10, numRuns: RUNS },
    );
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 20 }), (text) => {
        expect(decodePath(Buffer.from(text, "utf8"))).toBe(text);
        expect(encodePath(text).toString("utf8")).toBe(text);
      }),
      { seed: 11, numRuns: RUNS },
    );
  });

  it("quotes as git does (core.quotePath), only when it must", () => {
    expect(quotePath("migrations/004_café.sql")).toBe("migrations/004_café.sql");
    expect(quotePath(decodePath(Buffer.from("m/004_caf\xe9.sql", "latin1")))).toBe('"m/004_caf\\351.sql"');
    // With one byte that is not UTF-8, every byte from 0x80 is octal, as git prints it.
    expect(quotePath(decodePath(Buffer.concat([Buffer.from("é"), Buffer.of(0xff)])))).toBe('"\\303\\251\\377"');
    expect(quotePath("a\nb\t\"c\\")).toBe('"a\\nb\\t\\"c\\\\"');
  });

  it("names the decomposed spelling of a name that looks like another", () => {
    expect(shownName("004_café.sql")).toBe("004_café.sql");
    expect(shownName("004_cafe\u0301.sql")).toBe("004_cafe\u0301.sql (decomposed (NFD) spelling: e+U+0301)");
  });
});
