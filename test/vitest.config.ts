import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

// One DynamoDB Local and one SES emulator per run (globalSetup); a fresh table per test file.
// Two workers: the machine has two cores.
export default defineConfig({
  // graphql 16 ships CJS (main) and ESM (module) without an exports map: Node, and so every
  // dependency, loads the CJS copy while Vite would hand our sources the ESM one. Two copies of
  // GraphQLError break yoga's error handling, so our sources get the CJS copy too.
  resolve: { alias: { graphql: require.resolve("graphql") } },
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
