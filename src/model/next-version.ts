import { nextVersion, type Migration } from "./versions.js";

// goose's timestamp versions: 20060102150405 (UTC), 14 digits.
const TIMESTAMP = /^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])([01]\d|2[0-3])[0-5]\d[0-5]\d$/;

export function gooseTimestamp(now: Date): string {
  return now.toISOString().replace(/\D/g, "").slice(0, 14);
}

/**
 * The version a new migration takes, given every migration that must stay
 * below it (from the index, HEAD, the base ref...): one above the highest
 * non-special version, padded like it. When the highest version is a goose
 * timestamp, the current UTC time is used instead (if it is higher), as
 * `goose create` does.
 */
export function nextFreeVersion(migrations: Iterable<Migration>, now = new Date()): { version: number; text: string } {
  const all = [...migrations];
  let highest: Migration | null = null;
  for (const m of all) if (m.version !== null && !m.special && (!highest || m.version > highest.version!)) highest = m;
  if (highest && TIMESTAMP.test(highest.digits)) {
    const stamp = gooseTimestamp(now);
    if (Number(stamp) > highest.version!) return { version: Number(stamp), text: stamp };
  }
  return nextVersion(all);
}
