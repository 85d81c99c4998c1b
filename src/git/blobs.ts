import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { MighookError } from "../errors.js";
import { encodePath } from "../path-bytes.js";
import { clock, gitRan, profiling } from "../profile.js";
import { MAX_FILE_BYTES, mebibytes } from "../limits.js";

// One long-lived `git cat-file --batch` reads every blob mighook needs, however
// many: spawning a git per file is what makes hooks slow on big repositories.
// Requests are object names, one per line: blob ids, or `:path` / `REV:path`.
// Paths that hold a newline cannot be named that way, so callers pass ids.
interface Pending {
  name: string;
  resolve: (content: Buffer | null) => void;
  reject: (error: Error) => void;
}

/** A blob past the cap: its bytes were skipped, never held in memory. */
export class BlobTooLarge extends MighookError {
  constructor(
    readonly object: string,
    readonly size: number,
  ) {
    super(`${object} is ${mebibytes(size)}, more than mighook reads (${mebibytes(MAX_FILE_BYTES)})`, "Check that this is the file you meant; a file this large is not something to keep there.");
  }
}

/** The id git gave bytes that a BlobReader read (of the repository's object format), if they came from one. */
export const blobId = (bytes: Buffer): string | undefined => BLOB_IDS.get(bytes);
const BLOB_IDS = new WeakMap<Buffer, string>();

export class BlobReader {
  private child: ChildProcessWithoutNullStreams | null = null;
  private pending: Pending[] = [];
  private buffer: Buffer = Buffer.alloc(0);
  // A large blob arrives in many chunks: they wait here, joined once it is
  // complete (`needed` bytes), not one copy per chunk, which is quadratic.
  private chunks: Buffer[] = [];
  private received = 0;
  private needed = 0;
  private stderr = "";
  /** bytes of a blob past the cap still to come, to be dropped as they arrive */
  private skip = 0;

  constructor(private readonly cwd: string) {}

  /**
   * Contents by object name; null where git says the object is missing, and
   * for a name holding a line break, which can't be asked for (a request is a
   * line: it would be read as two, and every answer after it would go to the
   * wrong request). Callers that must read such a path name its blob id.
   */
  async read(names: string[]): Promise<Map<string, Buffer | null>> {
    const unique = [...new Set(names)].filter((name) => !name.includes("\n"));
    const unaskable = new Map(names.filter((name) => name.includes("\n")).map((name) => [name, null] as const));
    if (unique.length === 0) return unaskable;
    const started = profiling() ? clock() : 0;
    const child = this.start();
    const results = unique.map(
      (name) => new Promise<Buffer | null>((resolve, reject) => this.pending.push({ name, resolve, reject })),
    );
    // A name may hold a path (`:path`), which is bytes: sent as they are.
    child.stdin.write(Buffer.concat(unique.map((name) => encodePath(`${name}\n`))));
    const contents = await Promise.all(results);
    if (started) gitRan(clock() - started, false);
    return new Map([...unaskable, ...unique.map((name, i) => [name, contents[i]!] as const)]);
  }

  close(): void {
    this.child?.stdin.end();
    this.child = null;
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn("git", ["cat-file", "--batch"], { cwd: this.cwd, env: process.env });
    gitRan(0);
    child.stdout.on("data", (data: Buffer) => {
      let chunk = data;
      if (this.skip > 0) {
        const dropped = Math.min(this.skip, chunk.length);
        this.skip -= dropped;
        if (dropped === chunk.length) return;
        chunk = chunk.subarray(dropped);
      }
      this.chunks.push(chunk);
      this.received += chunk.length;
      if (this.received < this.needed) return;
      this.buffer = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
      this.drain();
      this.chunks = this.buffer.length ? [this.buffer] : [];
      this.received = this.buffer.length;
    });
    child.stderr.on("data", (chunk: Buffer) => (this.stderr += chunk.toString("utf8")));
    child.stdin.on("error", () => {});
    const fail = (error: Error) => {
      for (const request of this.pending.splice(0)) request.reject(error);
    };
    child.on("error", (error) => fail(new MighookError(`could not run git cat-file: ${error.message}`)));
    child.on("close", () => {
      if (this.pending.length) fail(new MighookError(`git cat-file stopped early: ${this.stderr.trim() || "no message"}`));
    });
    this.child = child;
    return child;
  }

  /** Answers requests in order from `<oid> <type> <size>\n<bytes>\n` or `<name> missing\n`. */
  private drain(): void {
    this.needed = 0;
    for (;;) {
      const request = this.pending[0];
      if (!request) return;
      const eol = this.buffer.indexOf(10);
      if (eol === -1) return;
      const header = this.buffer.subarray(0, eol).toString("utf8");
      const size = / (?:blob|tree|commit|tag) (\d+)$/.exec(header)?.[1];
      if (size === undefined) {
        // "missing", "ambiguous" and friends: the object is not there.
        this.buffer = this.buffer.subarray(eol + 1);
        this.pending.shift();
        request.resolve(null);
        continue;
      }
      if (Number(size) > MAX_FILE_BYTES) {
        // Never buffered: a 9 GB blob must not take 9 GB. Its bytes and the
        // newline after them are dropped as they arrive.
        const total = Number(size) + 1;
        const available = this.buffer.length - (eol + 1);
        this.pending.shift();
        request.reject(new BlobTooLarge(request.name, Number(size)));
        if (available >= total) {
          this.buffer = this.buffer.subarray(eol + 1 + total);
          continue;
        }
        this.skip = total - available;
        this.buffer = Buffer.alloc(0);
        return;
      }
      const end = eol + 1 + Number(size);
      if (this.buffer.length < end + 1) {
        this.needed = end + 1;
        return;
      }
      const content = Buffer.from(this.buffer.subarray(eol + 1, end));
      BLOB_IDS.set(content, header.slice(0, header.indexOf(" ")));
      this.buffer = this.buffer.subarray(end + 1);
      this.pending.shift();
      request.resolve(content);
    }
  }
}
