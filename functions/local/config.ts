import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { LOCAL_DEV_ORIGINS, parseOrigins } from "../http/cors";

/** Where the local stack keeps its data and listens; ports come from env with these defaults. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** `DATA_DIR` (relative to where the command runs) or .data/ in the project; one running stack per directory. */
export const DATA_DIR = process.env.DATA_DIR ? resolve(process.env.DATA_DIR) : `${ROOT}.data`;

/** A port from its variable: a clear refusal for anything but a whole number a service can listen on. */
function envPort(variable: "PORT" | "MAIL_PORT" | "DDB_PORT", fallback: number): number {
  const text = process.env[variable]?.trim();
  if (!text) return fallback;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) throw new Error(`${variable} must be a port number from 1 to 65535 (got "${process.env[variable]}")`);
  return port;
}

export const localConfig = () => ({
  port: envPort("PORT", 4000),
  mailPort: envPort("MAIL_PORT", 8005),
  ddbPort: envPort("DDB_PORT", 8000),
  table: process.env.TABLE_NAME ?? "sales-local",
  /** The one organization of a local install: the admin and the demo data live in it. */
  orgId: process.env.ORG_ID ?? "local",
  /** Browser origins the local server answers CORS for, comma-separated (the HTTP API's are set in the stack). */
  corsOrigins: parseOrigins(process.env.CORS_ORIGINS, LOCAL_DEV_ORIGINS),
});

export const ddbEndpoint = (port: number) => `http://127.0.0.1:${port}`;
export const mailEndpoint = (port: number) => `http://127.0.0.1:${port}`;
