import { decodeText } from "../model/text.js";
import type { Source } from "../source/types.js";
import { CONFIG_READ_LIMIT } from "../files.js";
import { readWorktreeFiles } from "../source/worktree-source.js";
import { readFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { MighookError } from "../errors.js";
import { CONFIG_CANDIDATES, findConfig, parseJson, type FoundConfig } from "./load.js";
import { PACKAGE_FILE } from "./types.js";

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

/**
 * `--config PATH`: a config from outside the judged tree (a replay of an old
 * commit with today's config, a monorepo's shared one). A package.json gives
 * its "mighook" key; any other file is the config itself. Messages name PATH.
 */
export async function readConfigFile(path: string): Promise<FoundConfig> {
  const bytes = await readFile(resolve(path)).catch((error: NodeJS.ErrnoException) => {
    throw new MighookError(`--config ${path}: could not read it (${error.code ?? error.message})`, "Give the path of a mighook.config.json, or of a package.json with a \"mighook\" key.");
  });
  const text = decodeText(bytes);
  const raw = parseJson(path, text);
  if (basename(path) !== PACKAGE_FILE) return { source: path, text, raw };
  if (!raw || typeof raw !== "object" || !("mighook" in raw))
    throw new MighookError(`--config ${path}: this package.json has no "mighook" key`, 'Point --config at a mighook.config.json, or add a "mighook" key to that package.json.');
  return { source: path, text, raw: (raw as { mighook: unknown }).mighook };
}
