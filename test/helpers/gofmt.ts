// Debian's real gofmt judges the list editor's output: "valid Go" and
// "gofmt-clean" are gofmt's word, not a model of it. Calls are batched: one
// gofmt process per folder of cases, never one per case.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Fails loudly (never skips) when gofmt is not installed. */
export function gofmtPath(): string {
  const found = spawnSync("sh", ["-c", "command -v gofmt"], { encoding: "utf8" });
  const path = found.stdout.trim();
  if (found.status !== 0 || !path)
    throw new Error(
      "gofmt is not on PATH, and the list-editor tests need Debian's real gofmt to judge their output. " +
        "Install it with `.ci/install-gofmt` (the gofmt step of .ci/run; it extracts the static gofmt binary from Debian's Go package).",
    );
  return path;
}

export interface GofmtVerdict {
  /** files gofmt would reformat (`gofmt -l`) */
  unformatted: Set<string>;
  /** files gofmt could not parse, with its message */
  invalid: Map<string, string>;
}

/** A scratch folder of Go files, judged by one `gofmt -l`. */
export class GoBatch {
  readonly dir = mkdtempSync(join(tmpdir(), "mighook-gofmt-"));
  private count = 0;

  /** Adds a file; returns its name in the batch. */
  add(text: string, label = "case"): string {
    const name = `${String(this.count++).padStart(5, "0")}-${label.replace(/\W+/g, "_")}.go`;
    writeFileSync(join(this.dir, name), text);
    return name;
  }

  read(name: string): string {
    return readFileSync(join(this.dir, name), "utf8");
  }

  /** One `gofmt -l` over the whole folder. */
  judge(): GofmtVerdict {
    const result = run(["-l", this.dir]);
    const unformatted = new Set(
      result.stdout
        .split("\n")
        .filter(Boolean)
        .map((p) => p.slice(this.dir.length + 1)),
    );
    return { unformatted, invalid: parseErrors(result.stderr, this.dir) };
  }

  /** One `gofmt -w` over the whole folder: every valid file becomes gofmt-clean. */
  format(): GofmtVerdict {
    const result = run(["-w", this.dir]);
    return { unformatted: new Set(), invalid: parseErrors(result.stderr, this.dir) };
  }

  names(): string[] {
    return readdirSync(this.dir).sort();
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function run(args: string[]): { stdout: string; stderr: string } {
  const result = spawnSync(gofmtPath(), args, { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { stdout: result.stdout, stderr: result.stderr };
}

/** gofmt's "dir/file.go:3:5: expected ..." lines, by file. */
function parseErrors(stderr: string, dir: string): Map<string, string> {
  const errors = new Map<string, string>();
  for (const line of stderr.split("\n").filter(Boolean)) {
    const rel = line.startsWith(`${dir}/`) ? line.slice(dir.length + 1) : line;
    const file = rel.slice(0, rel.indexOf(":"));
    errors.set(file, (errors.get(file) ? `${errors.get(file)}\n` : "") + rel);
  }
  return errors;
}
