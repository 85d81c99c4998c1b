import type { BlobReader } from "../git/blobs.js";
import type { Snapshot } from "./types.js";

/** A snapshot whose files are git blobs, all read through one cat-file process. */
export function blobSnapshot(files: Map<string, string>, blobs: BlobReader): Snapshot {
  return {
    files,
    async read(paths) {
      const wanted = paths.filter((path) => files.has(path));
      const found = await blobs.read(wanted.map((path) => files.get(path)!));
      const contents = new Map<string, Buffer>();
      for (const path of wanted) {
        const content = found.get(files.get(path)!);
        if (content) contents.set(path, content);
      }
      return contents;
    },
  };
}
