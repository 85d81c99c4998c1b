import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/helpers/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Tests spawn real git and node processes; two workers suit a 2-core machine.
    pool: "forks",
    maxWorkers: 2,
  },
});
