import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { freePort } from "../bench/harness";

/**
 * `npm start` as a developer runs it (npm, the start script, DynamoDB Local's JVM, the SES
 * emulator), in a throwaway data directory on free ports. Linux's /proc tells which processes
 * the stack started and which sockets they listen on.
 */
const ROOT = new URL("../..", import.meta.url).pathname;

function npmStart(ports: { port: number; mailPort: number; ddbPort: number }): { child: ChildProcess; output: () => string; exit: Promise<number | null> } {
  const child = spawn("npm", ["start"], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(ports.port),
      MAIL_PORT: String(ports.mailPort),
      DDB_PORT: String(ports.ddbPort),
      DATA_DIR: mkdtempSync(`${tmpdir()}/stack-`),
      SWEEP_INTERVAL_SECONDS: "3600",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  child.stdout!.on("data", (d) => (text += d));
  child.stderr!.on("data", (d) => (text += d));
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => text, exit };
}

/** Every process below `pid` now (children, grandchildren, …). */
function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (comm) state ppid …"; comm may hold spaces, so read after the last ")".
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // Exited while we looked.
    }
  }
  const found: number[] = [];
  const walk = (p: number) => {
    for (const [child, ppid] of parent) if (ppid === p) (found.push(child), walk(child));
  };
  walk(pid);
  return found;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The local addresses listening on `port` (from /proc/net/tcp and tcp6), e.g. "127.0.0.1". */
function listeners(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  const out: string[] = [];
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(file, "utf8").split("\n").slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== "0A" || !local.endsWith(`:${hexPort}`)) continue;
      const hex = local.split(":")[0];
      // IPv4 as one little-endian word; IPv6 as four (an IPv4-mapped address ends in the IPv4 word).
      const v4 = hex.slice(-8).match(/../g)!.reverse().map((b) => parseInt(b, 16)).join(".");
      out.push(hex.length === 8 || hex.startsWith("0000000000000000FFFF0000") ? v4 : hex === "0".repeat(32) ? "::" : hex);
    }
  }
  return out;
}

async function waitUntil(check: () => boolean, timeoutMs: number, what: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out: ${what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("npm start", () => {
  it("with a port already taken, names the port, exits non-zero and leaves nothing running", async () => {
    const held: Server = createServer();
    const port = await freePort();
    await new Promise<void>((r) => held.listen(port, "127.0.0.1", r));
    try {
      const stack = npmStart({ port, mailPort: await freePort(), ddbPort: await freePort() });
      const seen = new Set<number>();
      const watch = setInterval(() => descendants(stack.child.pid!).forEach((p) => seen.add(p)), 50);
      const code = await stack.exit;
      clearInterval(watch);
      expect(code).not.toBe(0);
      expect(stack.output()).toContain(`Port ${port} (PORT, GraphQL server) is already in use`);
      await waitUntil(() => [...seen].every((p) => !alive(p)), 5_000, () => `still running: ${[...seen].filter(alive)}`);
      expect(listeners(port)).toEqual(["127.0.0.1"]); // only ours
    } finally {
      held.close();
    }
  }, 60_000);

  it("listens on 127.0.0.1 only (DynamoDB Local too), and SIGTERM stops the whole stack as Ctrl-C does", async () => {
    const ports = { port: await freePort(), mailPort: await freePort(), ddbPort: await freePort() };
    const stack = npmStart(ports);
    try {
      await waitUntil(() => stack.output().includes("Sales API is running."), 90_000, stack.output);
      const started = descendants(stack.child.pid!);
      // The JVM and the emulator are among them.
      const commands = started.map((p) => {
        try {
          return readFileSync(`/proc/${p}/cmdline`, "utf8");
        } catch {
          return "";
        }
      });
      expect(commands.some((c) => c.includes("DynamoDBLocal.jar"))).toBe(true);
      expect(commands.some((c) => c.includes("aws-ses-v2-local"))).toBe(true);
      for (const port of [ports.port, ports.mailPort, ports.ddbPort]) expect(listeners(port), `port ${port}`).toEqual(["127.0.0.1"]);

      stack.child.kill("SIGTERM");
      expect(await stack.exit).toBe(0);
      await waitUntil(() => started.every((p) => !alive(p)), 10_000, () => `still running: ${started.filter(alive)}`);
      for (const port of [ports.port, ports.mailPort, ports.ddbPort]) expect(listeners(port)).toEqual([]);
    } finally {
      if (stack.child.exitCode === null) stack.child.kill("SIGKILL");
    }
  }, 120_000);
});
