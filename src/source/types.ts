// A source is where the files being judged come from: the index (what is being
// committed), a commit's tree, or the working tree. Each gives a snapshot:
// paths and their bytes, read lazily and in batches.
export type ChangeKind = "added" | "modified" | "deleted" | "unmerged";

/** Paths the judged change touches ("being committed"), relative to the root. */
export type Changes = Map<string, ChangeKind>;

export interface Snapshot {
  /** every file under the requested paths; the value is its blob id (null for working-tree files) */
  files: Map<string, string | null>;
  /** files git stores as symbolic links: their bytes (a path) are not read */
  links?: ReadonlySet<string>;
  /**
   * Entries under the requested paths that are neither files nor links, by
   * what they are: "a submodule", "a named pipe (FIFO)"... Folders are known
   * from the files' paths. goose's fs.Glob returns such entries too.
   */
  others?: ReadonlyMap<string, string>;
  /** contents of the given paths (those that exist) */
  read(paths: string[]): Promise<Map<string, Buffer>>;
}

export interface Source {
  kind: "index" | "tree" | "worktree";
  root: string;
  /** how reports name it: "the index", "commit 1a2b3c4", "the working tree" */
  label: string;
  /** contents of the config candidates that exist in this source */
  readFiles(paths: string[]): Promise<Map<string, Buffer>>;
  changes(): Promise<Changes>;
  /**
   * Contents of the given paths where the change starts from (HEAD, the first
   * parent, the merge base with --base), through the same cat-file reader:
   * to tell which lines a change touches. Absent paths are left out.
   */
  readBefore(paths: string[]): Promise<Map<string, Buffer>>;
  /** the files under these repository paths (folders or files) */
  snapshot(paths: string[]): Promise<Snapshot>;
  /**
   * Starts listing these paths ahead of snapshot(), which then takes the
   * listing if it asks for the same paths: git lists while mighook loads.
   */
  prefetch?(paths: string[]): void;
  /**
   * Whether the judged change is a merge: both sides already exist on some
   * branch, so "the file this change adds" says nothing about which is newer.
   */
  merging(): Promise<boolean>;
  /** Of these repository paths, those stored as symbolic links, with the path each points to. */
  linksAt(paths: string[]): Promise<Map<string, string>>;
  close(): void;
}
