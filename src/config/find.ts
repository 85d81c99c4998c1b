import { decodeText } from "../model/text.js";
import type { Source } from "../source/types.js";
import { CONFIG_READ_LIMIT } from "../files.js";
import { readWorktreeFiles } from "../source/worktree-source.js";
import { CONFIG_CANDIDATES, findConfig, type FoundConfig } from "./load.js";

const decode = (files: Map<string, Buffer>) => new Map([...files].map(([path, bytes]) => [path, decodeText(bytes)]));

/**
 * The config candidates' bytes as a source holds them, and, for the index
 * when it holds no config, as the working tree holds them (null otherwise).
 */
export interface ConfigLayers {
  own: Map<string, Buffer>;
  worktree: Map<string, Buffer> | null;
}

export async function readConfigLayers(source: Source): Promise<ConfigLayers> {
  const own = await source.readFiles(CONFIG_CANDIDATES);
  const worktree = source.kind === "index" && !findConfig(decode(own)) ? await readWorktreeFiles(source.root, CONFIG_CANDIDATES, CONFIG_READ_LIMIT) : null;
  return { own, worktree };
}

export function configFromLayers(layers: ConfigLayers): FoundConfig | null {
  return findConfig(decode(layers.own)) ?? (layers.worktree ? findConfig(decode(layers.worktree)) : null);
}

/**
 * The config a source holds. In --staged mode a config that is not staged yet
 * still applies (from the working tree): it is how a person tries mighook out
 * before committing the config itself.
 */
export async function findSourceConfig(source: Source): Promise<FoundConfig | null> {
  return configFromLayers(await readConfigLayers(source));
}
