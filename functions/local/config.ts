import { fileURLToPath } from "node:url";
import { LOCAL_DEV_ORIGINS, parseOrigins } from "../http/cors";

/** Where the local stack keeps its data and listens; ports come from env with these defaults. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const DATA_DIR = process.env.DATA_DIR ?? `${ROOT}.data`;

export const localConfig = () => ({
  port: Number(process.env.PORT ?? 4000),
  mailPort: Number(process.env.MAIL_PORT ?? 8005),
  ddbPort: Number(process.env.DDB_PORT ?? 8000),
  table: process.env.TABLE_NAME ?? "sales-local",
  /** The one organization of a local install: the admin and the demo data live in it. */
  orgId: process.env.ORG_ID ?? "local",
  /** Browser origins the local server answers CORS for, comma-separated (the HTTP API's are set in the stack). */
  corsOrigins: parseOrigins(process.env.CORS_ORIGINS, LOCAL_DEV_ORIGINS),
});

export const ddbEndpoint = (port: number) => `http://127.0.0.1:${port}`;
export const mailEndpoint = (port: number) => `http://127.0.0.1:${port}`;
