// node:crypto is two dozen internal modules, about 5 ms of the hook's start
// (measured: `node -e 'require("crypto")'` against `node -e 0`), and most runs
// need no hash at all: it is loaded the first time one is asked for.
import { createRequire } from "node:module";

// Not named `require`: in the CommonJS bundle that name is the module's own.
const lazyRequire = createRequire(import.meta.url);

/** The hex digest of `parts`, with node:crypto loaded on first use. */
export function hashHex(algorithm: string, ...parts: Array<string | Buffer>): string {
  const hash = (lazyRequire("node:crypto") as typeof import("node:crypto")).createHash(algorithm);
  for (const part of parts) hash.update(part);
  return hash.digest("hex");
}
