import { decodeText } from "../model/text.js";
import type { Source } from "../source/types.js";
import { readWorktreeFiles } from "../source/worktree-source.js";
import { CONFIG_CANDIDATES, findConfig, type FoundConfig } from "./load.js";

const decode = (files: Map<string, Buffer>) => new Map([...files].map(([path, bytes]) => [path, decodeText(bytes)]));

/**
 * The config a source holds. In --staged mode a config that is not staged yet
 * still applies (from the working tree): it is how a person tries mighook out
 * before committing the config itself.
 */
export async function findSourceConfig(source: Source): Promise<FoundConfig | null> {
  return (
    findConfig(decode(await source.readFiles(CONFIG_CANDIDATES))) ??
    (source.kind === "index" ? findConfig(decode(await readWorktreeFiles(source.root, CONFIG_CANDIDATES))) : null)
  );
}
