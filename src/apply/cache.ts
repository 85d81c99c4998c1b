// The applied state of a set's unchanged migrations, kept between runs under
// the git directory (<git-common-dir>/mighook/apply/). Each entry is a PGlite
// data folder tarball (gzipped) named by a hash chain: the PGlite version,
// the extensions and the setup SQL, then the bytes of each migration applied.
// The longest cached prefix of the migrations wins.
//
// Entries are written to a temporary file and renamed, and only ever read
// whole, so a run killed midway or two runs at once cannot leave a broken
// entry: readers need no lock, and a gunzip that fails counts as a miss.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, stat, unlink, utimes, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { ownFolderReady } from "../files.js";
import { gunzipSync, gzipSync } from "node:zlib";

const MAX_BYTES = 256 * 1024 * 1024;
const MAX_ENTRIES = 8;
const SUFFIX = ".tar.gz";
const STALE_TEMP_MS = 10 * 60 * 1000;

const sha = (...parts: (string | Buffer)[]) => {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(typeof part === "string" ? part : part).update("\0");
  return hash.digest("hex");
};

/** keys[k]: the state after setup and the first k migrations. */
export function chainKeys(base: { pglite: string; extensions: string[]; setup: string }, migrations: { file: string; bytes: Buffer }[]): string[] {
  const keys = [sha("mighook-apply-1", base.pglite, [...base.extensions].sort().join(","), base.setup)];
  for (const m of migrations) keys.push(sha(keys[keys.length - 1]!, m.file, sha(m.bytes)));
  return keys;
}

export class ApplyCache {
  constructor(readonly dir: string) {}

  /** The longest cached prefix among keys[0..upTo], or null. */
  async find(keys: string[], upTo: number): Promise<{ index: number; dump: Buffer } | null> {
    for (let k = Math.min(upTo, keys.length - 1); k >= 0; k--) {
      const file = join(this.dir, keys[k]! + SUFFIX);
      let packed: Buffer;
      try {
        packed = await readFile(file);
      } catch {
        continue;
      }
      try {
        const dump = gunzipSync(packed);
        const now = new Date();
        await utimes(file, now, now).catch(() => {});
        return { index: k, dump };
      } catch {
        await unlink(file).catch(() => {}); // not a whole entry: gone, and rebuilt
      }
    }
    return null;
  }

  /** Best effort: a cache that cannot be written (read-only .git) is no error. */
  async store(key: string, dump: Buffer): Promise<void> {
    try {
      await ownFolderReady(dirname(this.dir));
      await mkdir(this.dir, { recursive: true });
      const temp = join(this.dir, `${key}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
      await writeFile(temp, gzipSync(dump, { level: 1 }));
      await rename(temp, join(this.dir, key + SUFFIX));
      await this.evict();
    } catch {
      // the run itself is unaffected
    }
  }

  /** Keeps the newest entries within MAX_BYTES and MAX_ENTRIES; clears temporaries of dead runs. */
  private async evict(): Promise<void> {
    const entries: { file: string; size: number; mtime: number }[] = [];
    for (const name of await readdir(this.dir)) {
      const file = join(this.dir, name);
      const info = await stat(file).catch(() => null);
      if (!info) continue;
      if (name.endsWith(".tmp") && Date.now() - info.mtimeMs > STALE_TEMP_MS) await unlink(file).catch(() => {});
      else if (name.endsWith(SUFFIX)) entries.push({ file, size: info.size, mtime: info.mtimeMs });
    }
    entries.sort((a, b) => b.mtime - a.mtime);
    let total = 0;
    for (const [i, entry] of entries.entries()) {
      total += entry.size;
      if (i >= MAX_ENTRIES || total > MAX_BYTES) await unlink(entry.file).catch(() => {});
    }
  }
}
