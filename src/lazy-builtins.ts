// node:crypto is two dozen internal modules, about 5 ms of the hook's start
// (measured: `node -e 'require("crypto")'` against `node -e 0`), and most runs
// need no hash at all: it is loaded the first time one is asked for.
import { createRequire } from "node:module";

// Not named `require`: the bundle's banner declares that name in every chunk.
const lazyRequire = createRequire(import.meta.url);

/** The hex digest of `parts`, with node:crypto loaded on first use. */
export function hashHex(algorithm: string, ...parts: Array<string | Buffer>): string {
  const hash = (lazyRequire("node:crypto") as typeof import("node:crypto")).createHash(algorithm);
  for (const part of parts) hash.update(part);
  return hash.digest("hex");
}

/**
 * `<pid>-<8 hex digits>` for a temporary file's name: the process id says
 * whose it is (a killed run's leftovers are swept by it, edit/journal.ts), and
 * the digits keep one process's names apart. They need no secrecy, so
 * Math.random serves, without node:crypto.
 */
export const tempTag = (): string => `${process.pid}-${Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, "0")}`;
