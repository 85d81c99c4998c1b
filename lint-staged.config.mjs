// mighook's own pre-commit: type-check the project and run the tests related
// to what is staged. The functions ignore the file list on purpose: tsc must
// see the whole project, and the tests drive the built, packed CLI.
export default {
  "*.{ts,mjs}": [() => "tsc --noEmit -p .", () => "npm run build", "vitest related --run"],
};
