import { createServer } from "node:net";
import type { TestProject } from "vitest/node";
import { startDynamoDb, startSesEmulator } from "../functions/local/processes";

declare module "vitest" {
  export interface ProvidedContext {
    ddbEndpoint: string;
    sesEndpoint: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject).listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** The real local services, started once for the whole run: DynamoDB Local in memory and the SES emulator. */
export default async function setup(project: TestProject) {
  const [ddb, ses] = await Promise.all([
    freePort().then((port) => startDynamoDb({ port })),
    freePort().then((port) => startSesEmulator({ port })),
  ]);
  project.provide("ddbEndpoint", ddb.url);
  project.provide("sesEndpoint", ses.url);
  return async () => {
    await Promise.all([ddb.stop(), ses.stop()]);
  };
}
