import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { describe, expect, it } from "vitest";
import { freePort } from "../bench/harness";
import { alive, descendants, listeners, npmStart, waitUntil } from "./npm-start";

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
