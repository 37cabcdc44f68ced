import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";

/**
 * `npm start` as a developer runs it (npm, the start script, DynamoDB Local's JVM, the SES
 * emulator), in a throwaway data directory on free ports. Linux's /proc tells which processes
 * the stack started and which sockets they listen on.
 */
export const ROOT = new URL("../..", import.meta.url).pathname;

export function npmStart(
  ports: { port: number | string; mailPort: number | string; ddbPort: number | string },
  dataDir = mkdtempSync(`${tmpdir()}/stack-`),
  script: string[] = ["start"],
): { child: ChildProcess; output: () => string; exit: Promise<number | null> } {
  const child = spawn("npm", ["run", "--silent", ...script], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(ports.port),
      MAIL_PORT: String(ports.mailPort),
      DDB_PORT: String(ports.ddbPort),
      DATA_DIR: dataDir,
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
export function descendants(pid: number): number[] {
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

export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The local addresses listening on `port` (from /proc/net/tcp and tcp6), e.g. "127.0.0.1". */
export function listeners(port: number): string[] {
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

export async function waitUntil(check: () => boolean, timeoutMs: number, what: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out: ${what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

