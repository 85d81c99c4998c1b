// `"prepare": "mighook install"` runs on every `npm install`, including in CI
// images and Docker builds, where there is no one to commit and often no
// repository. There install says why it does nothing, and exits 0.
export function skipReason(env: NodeJS.ProcessEnv): string | null {
  if (env.MIGHOOK === "0") return "MIGHOOK=0";
  const ci = env.CI?.trim().toLowerCase();
  if (ci && ci !== "0" && ci !== "false") return `CI=${env.CI}`;
  return null;
}
