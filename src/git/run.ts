import { isUtf8 } from "node:buffer";
import { spawn } from "node:child_process";
import { MighookError } from "../errors.js";
import { decodePath } from "../path-bytes.js";
import { clock, gitRan, profiling } from "../profile.js";

// Every git call goes through here: argv arrays only (never a shell), the
// caller's environment inherited (GIT_INDEX_FILE during `git commit -a`), and
// the output returned as bytes because -z output and blobs are not text.
export interface GitOptions {
  cwd: string;
  input?: string | Buffer;
  /** exit codes other than 0 that are answers, not failures */
  okCodes?: number[];
  env?: NodeJS.ProcessEnv;
}

export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

export function git(args: string[], options: GitOptions): Promise<GitResult> {
  const started = profiling() ? clock() : 0;
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "ENOENT"
          ? new MighookError("git was not found on PATH.", "Install git, or run mighook where git is available.")
          : error,
      );
    });
    child.on("close", (code) => {
      if (started) gitRan(clock() - started);
      const result = { code: code ?? 1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString("utf8").trim() };
      if (result.code === 0 || options.okCodes?.includes(result.code)) resolve(result);
      else reject(gitFailure(args, result.stderr));
    });
    child.stdin.on("error", () => {}); // git may exit before reading all input
    child.stdin.end(options.input ?? "");
  });
}

export function gitFailure(args: string[], stderr: string): MighookError {
  const first = stderr.split("\n").find((l) => l.trim()) ?? "no message";
  return new MighookError(
    `git ${args.find((a) => !a.startsWith("-"))} failed: ${first.replace(/^(fatal|error): /, "")}`,
    "mighook reads the repository through git; `git status` shows what git makes of it here.",
  );
}

/**
 * Splits NUL-terminated output (`-z`) into records, dropping the final empty
 * one. Records hold paths, which are bytes: decoded losslessly (path-bytes.ts).
 */
export function splitZ(output: Buffer): string[] {
  // All UTF-8 (the usual case): one decode and one split for the whole output,
  // which for the index of a big repository is tens of thousands of records.
  // A NUL never sits inside a UTF-8 sequence, so each record is UTF-8 too.
  if (isUtf8(output)) {
    const parts = output.toString("utf8").split("\0");
    if (parts.at(-1) === "") parts.pop();
    return parts;
  }
  const parts: string[] = [];
  for (let start = 0; start < output.length; ) {
    const nul = output.indexOf(0, start);
    const end = nul === -1 ? output.length : nul;
    parts.push(decodePath(output.subarray(start, end)));
    start = end + 1;
  }
  return parts;
}
