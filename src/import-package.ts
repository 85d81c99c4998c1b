// The packages mighook loads only when it needs them (PostgreSQL's parser,
// PGlite, pg) are ES modules, reached by import(). Code that the launcher
// (src/launch.ts) compiles with V8's code cache has no import() of its own
// (Node offers vm code a loader only as an experimental feature, with a
// warning), so it asks the launcher's, which resolves from the same folder.
// Run any other way (tests, or the launcher without a cache), import() is used directly.

const LAUNCHER_IMPORT = Symbol.for("mighook.import");

export function importPackage<T = unknown>(specifier: string): Promise<T> {
  const viaLauncher = (globalThis as Record<symbol, unknown>)[LAUNCHER_IMPORT] as ((specifier: string) => Promise<unknown>) | undefined;
  return (viaLauncher ? viaLauncher(specifier) : import(specifier)) as Promise<T>;
}
