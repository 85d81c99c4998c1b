import { BlobTooLarge, type BlobReader } from "../git/blobs.js";
import { MighookError } from "../errors.js";
import { MAX_FILE_BYTES, mebibytes } from "../limits.js";
import { shownName } from "../path-bytes.js";
import type { IndexEntry } from "../git/repo.js";
import type { Snapshot } from "./types.js";

export const SYMLINK = "120000";
export const GITLINK = "160000";

/**
 * A snapshot whose files are git blobs, all read through one cat-file process.
 * A symbolic link's blob is the path it points to, not SQL or Go: such a file
 * is known by name (its version, the lists that name it), its bytes are not read.
 */
export function blobSnapshot(entries: Map<string, IndexEntry>, blobs: BlobReader): Snapshot {
  // A submodule (a gitlink, mode 160000) names a commit, not a file.
  // One plain pass: the hook builds this for every migration of the set (10,000 and more).
  const files = new Map<string, string>();
  const links = new Set<string>();
  const others = new Map<string, string>();
  for (const [path, entry] of entries) {
    if (entry.mode === GITLINK) others.set(path, "a submodule");
    else files.set(path, entry.oid);
    if (entry.mode === SYMLINK) links.add(path);
  }
  return {
    files,
    links,
    others,
    async read(paths) {
      const wanted = paths.filter((path) => files.has(path) && !links.has(path));
      const found = await blobs.read(wanted.map((path) => files.get(path)!)).catch((error: unknown) => {
        if (!(error instanceof BlobTooLarge)) throw error;
        const path = wanted.find((p) => files.get(p) === error.object) ?? error.object;
        throw new MighookError(
          `${shownName(path)} is ${mebibytes(error.size)}, more than mighook reads (${mebibytes(MAX_FILE_BYTES)})`,
          "Check that this is the file you meant: a migration or suite this large is not something to commit.",
        );
      });
      const contents = new Map<string, Buffer>();
      for (const path of wanted) {
        const content = found.get(files.get(path)!);
        if (content) contents.set(path, content);
      }
      return contents;
    },
  };
}
