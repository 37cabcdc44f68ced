import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { relative } from "node:path";
import { DATA_DIR, localConfig } from "./config";
import { waitUntilFree } from "./ports";

/**
 * `npm start` takes its data directory for itself: `<DATA_DIR>/stack.pid` names the process and
 * the children it started. Two stacks on one directory would share the DynamoDB file, and each
 * would run the scheduler and the approval workflows over the other's requests.
 */
export interface StackLock {
  pid: number;
  ports: { port: number; mailPort: number; ddbPort: number };
  /** The children as started: a PID is only ours while its command line is still this one. */
  children: { pid: number; what: string; command: string }[];
}

export const lockPath = (dataDir: string) => `${dataDir}/stack.pid`;

/** How a person would type the directory: relative to where they are when it is below it. */
export const shownDir = (dataDir: string) => {
  const rel = relative(process.cwd(), dataDir);
  return rel && !rel.startsWith("..") ? `${rel}/` : dataDir;
};

/** A process's command line, arguments joined by spaces (null when it is gone). */
export function commandLine(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
  } catch {
    // No /proc (macOS): ask ps.
    const ps = spawnSync("ps", ["-o", "command=", "-p", String(pid)], { encoding: "utf8" });
    return ps.status === 0 && ps.stdout.trim() ? ps.stdout.trim() : null;
  }
}

/** The stack's own process: alive, and still `npm start` (a PID may be reused after a crash). */
const isStack = (pid: number) => /functions\/local\/start\.ts/.test(commandLine(pid) ?? "");

function read(dataDir: string): { text: string; lock: StackLock | null } | null {
  try {
    const text = readFileSync(lockPath(dataDir), "utf8");
    try {
      return { text, lock: JSON.parse(text) as StackLock };
    } catch {
      return { text, lock: null }; // Half-written by a start that died: nobody's.
    }
  } catch {
    return null;
  }
}

/** The stack running on this data directory now, if one is. */
export function runningStack(dataDir: string): StackLock | null {
  const found = read(dataDir)?.lock;
  return found && isStack(found.pid) ? found : null;
}

export class StackRunningError extends Error {
  constructor(dataDir: string, running: StackLock) {
    const p = running.ports;
    super(
      `A stack is already running on the data directory ${shownDir(dataDir)} (PID ${running.pid}, PORT ${p.port}, MAIL_PORT ${p.mailPort}, DDB_PORT ${p.ddbPort}). ` +
        `Stop it (Ctrl-C in its terminal, or kill ${running.pid}), or run a second stack on its own data directory and ports: ` +
        `DATA_DIR=.data-2 PORT=${p.port + 100} MAIL_PORT=${p.mailPort + 100} DDB_PORT=${p.ddbPort + 100} npm start`,
    );
    this.name = "StackRunningError";
  }
}

async function stopLeftover(child: StackLock["children"][number]): Promise<void> {
  if (commandLine(child.pid) !== child.command) return; // Gone, or the PID now belongs to someone else.
  console.log(`Stopping ${child.what} (PID ${child.pid}) left running by a stack that died`);
  const gone = () => commandLine(child.pid) !== child.command;
  process.kill(child.pid, "SIGTERM");
  for (let waited = 0; waited < 5000 && !gone(); waited += 100) await new Promise((r) => setTimeout(r, 100));
  if (!gone()) process.kill(child.pid, "SIGKILL");
  for (let waited = 0; waited < 2000 && !gone(); waited += 100) await new Promise((r) => setTimeout(r, 100));
}

/**
 * Takes the data directory for this process, or throws StackRunningError naming the stack that has
 * it. A lock left by a stack that died (kill -9, a crash) is taken over, after stopping the children
 * it recorded that still run, so their ports and the DynamoDB file are free again.
 */
export async function takeDataDir(dataDir: string, ports: StackLock["ports"]) {
  mkdirSync(dataDir, { recursive: true });
  const mine: StackLock = { pid: process.pid, ports, children: [] };
  const write = (flag: "wx" | "w") => writeFileSync(lockPath(dataDir), JSON.stringify(mine), { flag });
  for (let attempt = 0; ; attempt++) {
    try {
      write("wx");
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 3) throw error;
    }
    const found = read(dataDir);
    if (!found) continue;
    if (!found.lock && attempt === 0) {
      await new Promise((r) => setTimeout(r, 300)); // Perhaps a start writing it this instant.
      continue;
    }
    if (found.lock && isStack(found.lock.pid)) throw new StackRunningError(dataDir, found.lock);
    for (const child of found.lock?.children ?? []) await stopLeftover(child);
    // Their ports too, or the port check that follows could still find them taken.
    if (found.lock?.children.length) await waitUntilFree(Object.values(found.lock.ports), 3000);
    // Only the lock we judged stale: another start may have taken over meanwhile.
    if (read(dataDir)?.text === found.text) unlinkSync(lockPath(dataDir));
  }
  const release = () => {
    if (read(dataDir)?.lock?.pid === process.pid) unlinkSync(lockPath(dataDir));
  };
  process.once("exit", release);
  return {
    /** Recorded as soon as it is spawned, so a stack killed while starting leaves nothing behind for long. */
    addChild(child: { pid: number; what: string; command: string }) {
      mine.children.push(child);
      write("w");
    },
    release,
  };
}

const PORT_VARIABLES = [
  ["PORT", "port"],
  ["MAIL_PORT", "mailPort"],
  ["DDB_PORT", "ddbPort"],
] as const;

/**
 * What `npm run seed|token|sweep` work against: the stack running on DATA_DIR, on the ports it
 * recorded (PORT, MAIL_PORT, DDB_PORT may be left out; given, they must agree). A DATA_DIR with no
 * stack is refused rather than reaching another stack's DynamoDB with this directory's keys and files.
 */
export function runningStackConfig(dataDir = DATA_DIR) {
  const cfg = localConfig();
  const running = runningStack(dataDir);
  if (!running) {
    if (process.env.DATA_DIR) throw new Error(`No stack is running on the data directory ${shownDir(dataDir)}: start it first (DATA_DIR=${process.env.DATA_DIR} npm start)`);
    return cfg; // The default directory, a stack started by an older version: the ports as given.
  }
  for (const [variable, key] of PORT_VARIABLES) {
    if (process.env[variable]?.trim() && cfg[key] !== running.ports[key]) {
      throw new Error(`${variable} is ${cfg[key]}, but the stack on ${shownDir(dataDir)} (PID ${running.pid}) uses ${running.ports[key]}: leave ${variable} unset, or set DATA_DIR to the other stack's directory`);
    }
  }
  return { ...cfg, ...running.ports };
}

/** Refused before anything starts: two services cannot share a port. */
export function assertDistinctPorts(cfg: StackLock["ports"]): void {
  for (const [i, [a, ka]] of PORT_VARIABLES.entries())
    for (const [b, kb] of PORT_VARIABLES.slice(i + 1))
      if (cfg[ka] === cfg[kb]) throw new Error(`${a} and ${b} are both ${cfg[ka]}: each service needs its own port (e.g. ${b}=${cfg[kb] + 1})`);
}
