// MIGHOOK_PROFILE=1 prints where a run's time went, on stderr, when it ends:
// start-up (Node and the bundle, until mighook's first line runs), then each
// phase a command marks, and the wall time of every git process. For
// `npm run bench`; costs nothing when unset.

// The global performance, read only when profiling: Node loads perf_hooks (a
// dozen internal modules, about 3 ms) the first time it is touched.
export const clock = (): number => globalThis.performance.now();

const enabled = Boolean(process.env.MIGHOOK_PROFILE);
const phases: Array<[string, number]> = [];
let last = 0;
let gitProcesses = 0;
let gitMs = 0;

/** Ends the current phase, naming it: the time since the previous mark (or since Node started). */
export function phase(name: string): void {
  if (!enabled) return;
  const now = clock();
  if (phases.length === 0) process.on("exit", print);
  phases.push([name, now - last]);
  last = now;
}

/** A git process ran for `ms`; `started: false` adds time to one already counted (cat-file --batch answering). */
export function gitRan(ms: number, started = true): void {
  if (!enabled) return;
  if (started) gitProcesses++;
  gitMs += ms;
}

export const profiling = () => enabled;

function print(): void {
  phase("end");
  const total = clock();
  const parts = phases.filter(([name]) => name !== "end" || phases.at(-1)![1] > 0.05).map(([name, ms]) => `${name} ${ms.toFixed(1)}`);
  const codeCache = (globalThis as Record<symbol, unknown>)[Symbol.for("mighook.codeCache")] ?? "none (not started by dist/cli.js)";
  process.stderr.write(
    `mighook profile (ms): ${parts.join(", ")}; total ${total.toFixed(1)}; git: ${gitProcesses} processes, ${gitMs.toFixed(1)} ms of wall time; code cache: ${codeCache}\n`,
  );
}
