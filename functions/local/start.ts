import { mkdirSync } from "node:fs";
import { DATA_DIR, localConfig } from "./config";
import { assertPortsFree } from "./ports";
import { onChildStarted, stopAllChildren } from "./processes";
import { assertDistinctPorts, takeDataDir } from "./stack-lock";
import type { Running } from "./stack";

/**
 * `npm start`: the whole product on one machine. DynamoDB Local (data under DATA_DIR, .data/) and the SES
 * emulator run as child processes; the GraphQL server and the pool sweep run here. Ctrl-C, SIGTERM
 * and SIGHUP stop all; so does a failure while starting (a port taken, say), which names the cause.
 */
async function main() {
  const cfg = localConfig();
  assertDistinctPorts({ port: cfg.port, mailPort: cfg.mailPort, ddbPort: cfg.ddbPort });
  // The data directory first: a second stack on it is refused before anything else, and a dead
  // stack's leftover children are stopped before their ports are checked.
  const lock = await takeDataDir(DATA_DIR, { port: cfg.port, mailPort: cfg.mailPort, ddbPort: cfg.ddbPort });
  onChildStarted(lock.addChild);
  await assertPortsFree([
    { port: cfg.port, variable: "PORT", what: "GraphQL server" },
    { port: cfg.mailPort, variable: "MAIL_PORT", what: "SES emulator" },
    { port: cfg.ddbPort, variable: "DDB_PORT", what: "DynamoDB Local" },
  ]);
  mkdirSync(`${DATA_DIR}/dynamodb`, { recursive: true });
  const stack: Running = {};
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      clearInterval(stack.sweep);
      stack.webhooks?.stop();
      stack.workflows?.stop();
      stack.server?.close();
      stack.server?.closeAllConnections();
      await stopAllChildren();
    })());
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      console.log(`\n${signal}: stopping…`);
      void stop().then(() => process.exit(0));
    });
  }
  try {
    // Loaded after the port check: a taken port is reported at once, not after loading the whole app.
    const { runStack } = await import("./stack");
    await runStack(cfg, stack);
  } catch (error) {
    await stop();
    throw error;
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
