// Which migrations to apply, in which order, and which of them the change
// adds or modifies (those get the Down/Up round trip).
import type { SetModel } from "../model/model.js";
import { parseGoose, type GooseParse } from "../model/goose.js";
import { decodeText } from "../model/text.js";
import { desiredMigrations } from "../model/desired.js";
import { isBeingChanged } from "../source/changes.js";
import type { Changes, Snapshot } from "../source/types.js";
import { compareMigrations, type Migration } from "../model/versions.js";
import type { ApplyOrder } from "./order.js";


export interface PlannedMigration {
  path: string;
  file: string;
  changed: boolean;
  bytes: Buffer;
  text: string;
  /** goose's reading of the file; null for a file without goose annotations, applied whole */
  goose: GooseParse | null;
}

export interface SetPlan {
  migrations: PlannedMigration[];
  /** Go migrations, which only goose's Go code can run: left out, and said so */
  goMigrations: string[];
  /** index of the first migration the change adds or modifies (migrations.length if none) */
  firstChanged: number;
}

/**
 * The set's order as `mighook list` prints it (version order, specials last,
 * skipped ones left out), as the suites apply them; or goose's: every
 * migration by version, as production runs them.
 */
export function orderedMigrations(migrations: readonly Migration[], order: ApplyOrder): Migration[] {
  if (order === "suite") return desiredMigrations(migrations);
  // goose knows no specials: version order alone.
  return migrations.filter((m) => m.version !== null).sort((a, b) => compareMigrations({ ...a, special: false }, { ...b, special: false }));
}

export async function planSet(set: SetModel, snapshot: Snapshot, changes: Changes, order: ApplyOrder): Promise<SetPlan> {
  const ordered = orderedMigrations(set.migrations, order);
  const sql = ordered.filter((m) => m.file.endsWith(".sql"));
  const contents = await snapshot.read(sql.map((m) => m.path));
  const migrations = sql.flatMap((m) => {
    const bytes = contents.get(m.path);
    if (!bytes) return [];
    const text = decodeText(bytes);
    return [{ path: m.path, file: m.file, changed: isBeingChanged(changes, m.path), bytes, text, goose: text.includes("+goose") ? parseGoose(text) : null }];
  });
  const first = migrations.findIndex((m) => m.changed);
  return {
    migrations,
    goMigrations: ordered.filter((m) => m.file.endsWith(".go")).map((m) => m.file),
    firstChanged: first === -1 ? migrations.length : first,
  };
}
