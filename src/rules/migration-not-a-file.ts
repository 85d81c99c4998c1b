import { shownName } from "../path-bytes.js";
import { mighookArg } from "./lists.js";
import { error, type Rule } from "./types.js";

export const migrationNotAFile: Rule = {
  id: "migration-not-a-file",
  doc: "A folder, submodule or other non-file in the migrations folder named like a SQL migration: goose lists it with the migrations and fails to read it.",
  check: ({ set }) =>
    set.notFiles.map(({ path, what }) =>
      error(
        "migration-not-a-file",
        path,
        null,
        `${shownName(path)} is ${what}, not a file, but named like a migration: goose collects ${set.set.dir}/*.sql with fs.Glob, which returns it too, and then fails to read it ("is a directory")`,
        `Rename it so that it does not end in .sql, or move it out of ${set.set.dir}/ (for a submodule: \`git mv ${mighookArg(path)} <new path>\`).`,
      ),
    ),
};
