import type { FoundSet } from "./detect.js";

// The config init writes: only what differs from the defaults, in the order a
// person reads it (folder, specials, skips, suites), two-space JSON.
export const SCHEMA_URL = "https://unpkg.com/mighook/schema.json";
export const LOCAL_SCHEMA = "./node_modules/mighook/schema.json";

export function configText(sets: FoundSet[], options: { schema: string; requireDown: Map<string, boolean> }): string {
  const config = {
    $schema: options.schema,
    sets: (sets.length ? sets : [null]).map((set) => {
      if (!set) return { dir: "migrations" };
      return {
        dir: set.dir,
        ...(set.special.length ? { special: set.special } : {}),
        ...(Object.keys(set.skip).length ? { skip: set.skip } : {}),
        suites: set.suites.map(({ file, list, skip }) => ({ file, list, ...(Object.keys(skip).length ? { skip } : {}) })),
        ...(options.requireDown.get(set.dir) === false ? { requireDown: false } : {}),
      };
    }),
  };
  // One-element string arrays ("special") read better on one line.
  return `${JSON.stringify(config, null, 2).replace(/\[\n\s+("(?:[^"\\\n]|\\.)*")\n\s+\]/g, "[$1]")}\n`;
}
