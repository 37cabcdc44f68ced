import { createServer } from "node:net";

/** A port the local stack listens on, with the variable that sets it. */
export interface StackPort {
  port: number;
  variable: "PORT" | "MAIL_PORT" | "DDB_PORT";
  what: string;
}

export class PortInUseError extends Error {
  constructor(
    readonly taken: StackPort,
    suggestion = taken.port + 1,
  ) {
    super(
      `Port ${taken.port} (${taken.variable}, ${taken.what}) is already in use: stop what is using it, or start on another port, e.g. ${taken.variable}=${suggestion} npm start`,
    );
    this.name = "PortInUseError";
  }
}

/** Whether 127.0.0.1:port can be listened on now (a listener on any address of the port takes it). */
function free(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen({ port, host: "127.0.0.1", exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** Waits (up to `ms`) until these ports can be listened on: a stopped process lets go of its socket a moment after it is gone. */
export async function waitUntilFree(ports: number[], ms: number): Promise<void> {
  for (let waited = 0; waited < ms; waited += 100) {
    if ((await Promise.all(ports.map(free))).every(Boolean)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Every port is checked before anything starts: a DynamoDB Local already on DDB_PORT would
 * otherwise answer our readiness check, and a half-started stack would be left to stop.
 */
export async function assertPortsFree(ports: StackPort[]): Promise<void> {
  for (const p of ports) {
    if (await free(p.port)) continue;
    // Suggest a port that is free now and not one of the stack's others.
    let next = p.port + 1;
    while (next < 65535 && (ports.some((o) => o.port === next) || !(await free(next)))) next++;
    throw new PortInUseError(p, next);
  }
}
