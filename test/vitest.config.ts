import { defineConfig } from "vitest/config";

// One DynamoDB Local and one SES emulator per run (globalSetup); a fresh table per test file.
// Two workers: the machine has two cores.
export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
