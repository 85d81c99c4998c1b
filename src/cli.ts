import { isAbsolute, resolve } from "node:path";
import { MighookError } from "./errors.js";
import { phase } from "./profile.js";
import { didYouMean } from "./suggest.js";

declare const MIGHOOK_VERSION: string;

// Each command is its own chunk, loaded only when asked for: the hook pays for
// `check` and nothing else.
const commands: Record<string, () => Promise<{ run(args: string[]): Promise<number> }>> = {
  check: () => import("./commands/check.js"),
  install: () => import("./commands/install.js"),
  uninstall: () => import("./commands/uninstall.js"),
  doctor: () => import("./commands/doctor.js"),
  init: () => import("./commands/init.js"),
  new: () => import("./commands/new.js"),
  fix: () => import("./commands/fix.js"),
  renumber: () => import("./commands/renumber.js"),
  list: () => import("./commands/list.js"),
  explain: () => import("./commands/explain.js"),
};

const HELP = `mighook: keeps database migrations and the test suites that list them consistent.

Usage: mighook <command> [options]

  check [--staged | --tree REV] [--base REF]   find problems (the hook runs \`check --staged\`)
  new <name>                                   create the next migration and list it in every suite
  fix                                          repair the suite lists (index and working tree)
  renumber <file> [--to N]                     move a migration to the next free version
  list [--suite FILE] [--format json] [--all]  the migrations in the order suites apply them
  install | uninstall                          set up or remove the pre-commit hook
  doctor                                       is this clone really protected? if not, why not
  init [--force] [--ci github]                 write mighook.config.json from what the repository holds
  explain <rule>                               what a rule catches, why, and how to fix it

Run \`mighook help <command>\` (or \`mighook <command> --help\`) for a command's options; \`mighook --version\` prints the version.
Exit codes: 0 clean, 1 findings, 2 usage, config or git trouble.
`;

async function main(argv: string[]): Promise<number> {
  phase("start-up");
  // git reads a relative GIT_DIR or GIT_WORK_TREE from the folder it starts
  // in, and mighook starts git at the top of the working tree: made absolute
  // from where mighook was started, as git would read them here. Not
  // GIT_INDEX_FILE: git gives hooks a relative one (".git/index") meant from
  // the top, where a hook starts and where mighook runs git, whatever folder
  // a hook manager runs mighook in.
  for (const name of ["GIT_DIR", "GIT_WORK_TREE"]) {
    const value = process.env[name];
    if (value && !isAbsolute(value)) process.env[name] = resolve(value);
  }
  const [name, ...args] = argv;
  // `mighook help check` is `mighook check --help`.
  if (name === "help" && args.length > 0) return (await command(args[0]!)).run(["--help"]);
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(HELP);
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-v") {
    process.stdout.write(`${MIGHOOK_VERSION}\n`);
    return 0;
  }
  const loaded = await command(name);
  phase(`load ${name}`);
  return loaded.run(args);
}

async function command(name: string): Promise<{ run(args: string[]): Promise<number> }> {
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (load) return load();
  const guess = didYouMean(name, [...Object.keys(commands), "help"]);
  throw new MighookError(
    `unknown command "${name}"${guess ? ` (did you mean "${guess}"?)` : ""}`,
    guess ? `Run \`mighook ${guess}\`, or \`mighook --help\` to see the commands.` : "Run `mighook --help` to see the commands.",
  );
}

/** An option's value a CI run of `check` asked for (--format, --output-file), read from argv even when parsing it failed. */
function requested(argv: string[], option: string): string | undefined {
  // The commands that take --format: check (all of them) and list (human, json).
  if (argv[0] !== "check" && argv[0] !== "list") return undefined;
  const at = argv.findIndex((arg) => arg === option || arg.startsWith(`${option}=`));
  const arg = argv[at];
  return arg === undefined ? undefined : arg.startsWith(`${option}=`) ? arg.slice(option.length + 1) : argv[at + 1];
}

/** Exit 2 still gives a machine reader its format: {"ok": false, "error"}, an annotation, or an empty but valid report, in the --output-file if one was asked for. */
async function reportFailure(message: string, hint: string | undefined): Promise<void> {
  const argv = process.argv.slice(2);
  const format = requested(argv, "--format");
  if (format !== "github" && format !== "gitlab" && format !== "sarif" && format !== "json") return;
  // Only here: the hook's start-up never pays for these.
  const text =
    format === "sarif"
      ? (await import("./report/sarif.js")).formatSarifFailure(message, hint)
      : (await import("./report/machine.js")).formatFailure(format, message, hint);
  const file = requested(argv, "--output-file");
  if (!file || file.startsWith("-")) return void process.stdout.write(text);
  try {
    (await import("./report/print.js")).writeReportFile(file, text);
  } catch {
    process.stdout.write(text); // the file itself was the trouble: stdout still gets a valid report
  }
}

async function fail(error: unknown): Promise<number> {
  const e = error as NodeJS.ErrnoException;
  if (e?.syscall === "uv_cwd") error = new MighookError("the current folder no longer exists", "cd into the repository again and rerun the command.");
  // A file system refusal (a read-only suite file, a hooks folder owned by
  // root), in any command: the user's to fix, so one clear line.
  else if (!(error instanceof MighookError) && typeof e?.code === "string" && e.path)
    error = new MighookError(`could not ${e.syscall ?? "access"} ${e.path} (${e.code})`, "Check that you may read and write there, then run the command again.");
  if (error instanceof MighookError) {
    process.stderr.write(`mighook: ${error.message}\n${error.hint ? `  → ${error.hint}\n` : ""}`);
    if (error.exitCode === 2) await reportFailure(error.message, error.hint);
    return error.exitCode;
  }
  // A bug in mighook, not the user's doing: one line, and a way to see more.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`mighook: internal error: ${message}\n  → Please report this. Set MIGHOOK_DEBUG=1 to see details.\n`);
  if (process.env.MIGHOOK_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ""}\n`);
  await reportFailure(`internal error: ${message}`, "Please report this.");
  return 2;
}

// A reader that stops early (`mighook list | head`) is not an error. Caught
// here rather than on process.stdout, which the hook's fast path never opens.
process.on("uncaughtException", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  void fail(error).then((code) => process.exit(code));
});

/**
 * `check` leaves as soon as its report is written, rather than when Node's
 * loop runs dry: waiting for the git children to be reaped and for V8's
 * idle-time garbage collection adds about 10 ms to every hook run (measured
 * side by side with `npm run bench`). Everything check starts is awaited
 * before it returns, and output still queued for a pipe is let out first.
 * Other commands end the usual way.
 */
function finish(code: number): void {
  process.exitCode = code;
  if (process.argv[2] !== "check") return;
  const queued = [process.stdout, process.stderr].filter((stream) => stream.writableLength > 0);
  let left = queued.length;
  if (left === 0) process.exit(code);
  for (const stream of queued) stream.once("drain", () => --left === 0 && process.exit(code));
}

main(process.argv.slice(2)).then(finish, (error) => fail(error).then(finish));
