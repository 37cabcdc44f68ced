import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { freePort } from "../bench/harness";
import { alive, descendants, listeners, npmStart, waitUntil } from "./npm-start";

/**
 * One stack per data directory: two would share the DynamoDB file and each run the scheduler and
 * the approval workflows over the other's requests (a decision reaching the wrong engine hangs).
 */
const freePorts = async () => ({ port: await freePort(), mailPort: await freePort(), ddbPort: await freePort() });
const UNSET = { port: "", mailPort: "", ddbPort: "" };

function lockOf(dataDir: string): { pid: number; children: { pid: number; what: string }[] } {
  return JSON.parse(readFileSync(`${dataDir}/stack.pid`, "utf8"));
}

/** Runs to the end; what it printed and its exit code. */
async function run(ports: Parameters<typeof npmStart>[0], dataDir: string, script: string[] = ["start"]) {
  const p = npmStart(ports, dataDir, script);
  const seen = new Set<number>();
  const watch = setInterval(() => descendants(p.child.pid!).forEach((d) => seen.add(d)), 50);
  const code = await p.exit;
  clearInterval(watch);
  return { code, output: p.output(), seen: [...seen] };
}

describe("npm start on a data directory", () => {
  it("refuses a second stack on the same DATA_DIR at once, naming the running one; seed/token/sweep follow DATA_DIR; a stack killed with -9 is taken over, its leftovers stopped", async () => {
    const dataDir = mkdtempSync(`${tmpdir()}/stack-`);
    const portsA = await freePorts();
    const first = npmStart(portsA, dataDir);
    let third: ReturnType<typeof npmStart> | undefined;
    try {
      await waitUntil(() => first.output().includes("Sales API is running."), 90_000, first.output);
      const lock = lockOf(dataDir);
      expect(descendants(first.child.pid!)).toContain(lock.pid);
      expect(lock.children.map((c) => c.what).sort()).toEqual(["DynamoDB Local", "SES emulator"]);

      // A second start on other ports, same directory: refused before starting anything.
      const portsB = await freePorts();
      const began = Date.now();
      const second = await run(portsB, dataDir);
      expect(second.code).toBe(1);
      expect(Date.now() - began).toBeLessThan(15_000);
      expect(second.output).toContain(`A stack is already running on the data directory`);
      expect(second.output).toContain(`PID ${lock.pid}`);
      expect(second.output).toMatch(/DATA_DIR=\.data-2 PORT=\d+ MAIL_PORT=\d+ DDB_PORT=\d+ npm start/);
      expect(second.output).not.toMatch(/at .*\.ts:\d+/); // a message, not a stack trace
      expect(second.seen.every((p) => !alive(p))).toBe(true);
      for (const port of Object.values(portsB)) expect(listeners(port)).toEqual([]);
      expect(lockOf(dataDir).pid).toBe(lock.pid); // the first stack keeps its directory

      // The tools work against the stack of their DATA_DIR, on its ports, without being told them…
      const sweep = await run(UNSET, dataDir, ["sweep"]);
      expect(sweep.code, sweep.output).toBe(0);
      expect(sweep.output).toMatch(/approvals/);
      // …refuse ports that are another stack's…
      const wrong = await run(portsB, dataDir, ["sweep"]);
      expect(wrong.code).toBe(1);
      expect(wrong.output).toContain(`PORT is ${portsB.port}, but the stack on`);
      // …and a directory no stack runs on.
      const none = await run(UNSET, mkdtempSync(`${tmpdir()}/stack-`), ["token", "--", "--user", "admin@example.com"]);
      expect(none.code).toBe(1);
      expect(none.output).toContain("No stack is running on the data directory");

      // The stack's node process dies without stopping its children (kill -9, OOM).
      process.kill(lock.pid, "SIGKILL");
      await first.exit;
      const orphans = lock.children.map((c) => c.pid);
      expect(orphans.every(alive)).toBe(true);
      // The next start on the same directory and ports takes over: it stops them and starts.
      third = npmStart(portsA, dataDir);
      await waitUntil(() => third!.output().includes("Sales API is running."), 90_000, third.output);
      expect(third.output()).toContain("left running by a stack that died");
      expect(orphans.some(alive)).toBe(false);
      expect(lockOf(dataDir).pid).not.toBe(lock.pid);
      third.child.kill("SIGTERM");
      expect(await third.exit).toBe(0);
      expect(existsSync(`${dataDir}/stack.pid`)).toBe(false);
    } finally {
      for (const p of [first, third]) if (p && p.child.exitCode === null) p.child.kill("SIGKILL");
    }
  }, 240_000);

  it("refuses a port that is not a number, or one given to two services, naming the variables, before starting anything", async () => {
    const ports = await freePorts();
    for (const [bad, message] of [
      [{ ...ports, port: "abc" }, `PORT must be a port number from 1 to 65535 (got "abc")`],
      [{ ...ports, mailPort: "99999" }, `MAIL_PORT must be a port number from 1 to 65535 (got "99999")`],
      [{ ...ports, mailPort: ports.port }, `PORT and MAIL_PORT are both ${ports.port}`],
      [{ ...ports, ddbPort: ports.mailPort }, `MAIL_PORT and DDB_PORT are both ${ports.mailPort}`],
    ] as const) {
      const dataDir = mkdtempSync(`${tmpdir()}/stack-`);
      const r = await run(bad, dataDir);
      expect(r.code, message).toBe(1);
      expect(r.output).toContain(message);
      expect(r.output).not.toMatch(/at .*\.ts:\d+/);
      expect(r.seen.every((p) => !alive(p))).toBe(true);
      expect(existsSync(`${dataDir}/stack.pid`)).toBe(false);
    }
    for (const port of Object.values(ports)) expect(listeners(port)).toEqual([]);

    // A taken port: the suggestion is free and not one of the stack's other ports.
    const held = createServer();
    await new Promise<void>((r) => held.listen(ports.ddbPort, "127.0.0.1", r));
    try {
      const r = await run({ port: ports.ddbPort + 1, mailPort: ports.mailPort, ddbPort: ports.ddbPort }, mkdtempSync(`${tmpdir()}/stack-`));
      expect(r.code).toBe(1);
      expect(r.output).toContain(`Port ${ports.ddbPort} (DDB_PORT, DynamoDB Local) is already in use`);
      const suggested = Number(/e\.g\. DDB_PORT=(\d+)/.exec(r.output)![1]);
      expect([ports.ddbPort, ports.ddbPort + 1, ports.mailPort]).not.toContain(suggested);
    } finally {
      held.close();
    }
  }, 120_000);
});
