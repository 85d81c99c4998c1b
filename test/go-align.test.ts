import { describe, expect, it } from "vitest";
import { alignTrailingComments } from "../src/model/go-align.js";
import { rewriteNamed } from "../src/edit/suites.js";

// Expected texts are gofmt's own output (go 1.19) for the same input.
const body = (lines: string[]) => `\n${lines.map((line) => `\t${line}`).join("\n")}\n`;

describe("trailing comments aligned as gofmt aligns them", () => {
  it("pads each run of commented lines to its widest entry; other lines, comment lines and a line of several entries end a run", () => {
    const input = body([
      '"001_m001.sql",      // first',
      '"002_new.sql",',
      '"003_m003_long.sql", // third',
      '"004_d.sql", // d',
      '"005_eeeeee.sql", // e',
      "// note",
      '"006_f.sql",     // f',
      '"007_ü.sql", "008_h.sql", // gh',
      '"009_i.sql", // i',
    ]);
    expect(alignTrailingComments(input)).toBe(
      body([
        '"001_m001.sql", // first',
        '"002_new.sql",',
        '"003_m003_long.sql", // third',
        '"004_d.sql",         // d',
        '"005_eeeeee.sql",    // e',
        "// note",
        '"006_f.sql",              // f',
        '"007_ü.sql", "008_h.sql", // gh',
        '"009_i.sql", // i',
      ]),
    );
  });

  it("starts a new column where an entry's size is out of proportion (over 40 bytes, ratio 2.5)", () => {
    const long = `"002_${"b".repeat(50)}.sql"`;
    const input = body(['"001_a.sql",      // a', `${long}, // b`, '"003_c.sql", // c', '"004_d.sql",    // d']);
    expect(alignTrailingComments(input)).toBe(body(['"001_a.sql", // a', `${long}, // b`, '"003_c.sql", // c', '"004_d.sql", // d']));
  });

  it("declines layouts it does not model: entries that are not string literals, tokens that span lines", () => {
    expect(alignTrailingComments(body(["dir + \"a.sql\", // a"]))).toBeNull();
    expect(alignTrailingComments(body(['"a.sql", /* runs', "on */", '"b.sql",']))).toBeNull();
  });

  it("makes each comment that ends a line a column of its own; the '{' line is a section of its own", () => {
    // gofmt's output for these lines.
    const input = `"a.sql",   /* b */ // c\n${body(["/* note */ // d", '"bb.sql", /* e */     // f', '"c.sql", // g', '"dddd.sql",'])}`;
    expect(alignTrailingComments(input)).toBe(
      `"a.sql", /* b */ // c\n${body(["/* note */ // d", '"bb.sql",  /* e */ // f', '"c.sql",   // g', '"dddd.sql",'])}`,
    );
  });

  it("re-aligns a gofmt-aligned list after an edit, and leaves the padding of one that was not", () => {
    const aligned = `package db\n\nvar migrations = []string{\n\t"001_m001.sql",      // first\n\t"003_m003_long.sql", // third\n}\n`;
    // The longest entry goes (its comment stays, on a line of its own): the padding shrinks.
    expect(rewriteNamed(aligned, "migrations", () => ["001_m001.sql"])).toBe(
      `package db\n\nvar migrations = []string{\n\t"001_m001.sql", // first\n\t// third\n}\n`,
    );
    expect(rewriteNamed(aligned, "migrations", (values) => [...values.slice(0, 1), "002_a_much_longer_name.sql", ...values.slice(1)])).toBe(
      `package db\n\nvar migrations = []string{\n\t"001_m001.sql", // first\n\t"002_a_much_longer_name.sql",\n\t"003_m003_long.sql", // third\n}\n`,
    );
    const loose = `package db\n\nvar migrations = []string{\n\t"001_a.sql",    // first\n\t"002_b.sql",\n}\n`;
    expect(rewriteNamed(loose, "migrations", (values) => [...values, "003_c.sql"])).toBe(
      `package db\n\nvar migrations = []string{\n\t"001_a.sql",    // first\n\t"002_b.sql",\n\t"003_c.sql",\n}\n`,
    );
  });
});
