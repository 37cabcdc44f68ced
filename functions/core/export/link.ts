import { createHash, randomBytes } from "node:crypto";

/** A download link's token: 256 random bits, as approval links. Only its hash is stored. */
export const newToken = () => randomBytes(32).toString("base64url");
export const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");
export const TOKEN = /^[A-Za-z0-9_-]{43}$/;
export const EXPORT_PATH = "/exports";
