// What every form `mighook install` writes into another manager's file runs:
// the package's `mighook-staged` (hooks/mighook-staged), a POSIX sh entry that
// asks git, without starting Node, whether the commit stages anything mighook
// watches, and only then runs `mighook check --staged`. One name, so that a
// person reading the husky line, the lefthook command or the pre-commit entry
// sees the same thing everywhere.
export const STAGED_BIN = "mighook-staged";

/**
 * Through node_modules when the project depends on mighook (husky 8 and
 * lefthook put nothing on PATH), else by name, for a global install.
 */
export const stagedCommand = (devDependency: boolean): string => (devDependency ? `node_modules/.bin/${STAGED_BIN}` : STAGED_BIN);

/**
 * Every command an earlier mighook wrote, or this one writes: install
 * rewrites them to the current one and uninstall recognises them all.
 * (A regular-expression source, without anchors.)
 */
export const ANY_INSTALLED_COMMAND = "(?:node_modules/\\.bin/)?(?:mighook check --staged|mighook-staged)";

/** A line someone wrote that runs mighook's check, however spelled. */
export const RUNS_CHECK = /(?:^|[\s/;&|'"])mighook(?:-staged\b|[ \t]+check\b)/m;
