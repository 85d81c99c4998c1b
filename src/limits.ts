// How much mighook reads of one file: caps with a clear message, never
// gigabytes of memory (a link to /dev/urandom, a 9 GB blob). Kept apart so
// that the hook's fast path can use them without loading the file helpers.
/** The most mighook reads of one migration or suite file (goose reads any size; a person writes far less). */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;
/** The most mighook reads of a config file: a config is a few kilobytes. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** What is read of a config candidate: package.json may be larger than a config (findConfig caps the config itself). */
export const CONFIG_READ_LIMIT = 16 * MAX_CONFIG_BYTES;

/** A size for messages: "300 MiB". */
export const mebibytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;

