import { cpSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import type { Repo } from "./repo.js";

/** The repository's --apply cache, under its git directory. */
export const cacheDir = (repo: Repo) => join(repo.dir, ".git", "mighook", "apply");

/**
 * Gives the repository the initialised PGlite that global setup made, as an
 * earlier run would have left it in the cache: the run then skips initdb.
 */
export function seedPglite(repo: Repo): Repo {
  cpSync(inject("pgliteSeed"), cacheDir(repo), { recursive: true });
  return repo;
}

/** A goose migration with these Up and Down statements. */
export const goose = (up: string, down: string, annotations = "") => `${annotations}-- +goose Up\n${up}\n\n-- +goose Down\n${down}\n`;
