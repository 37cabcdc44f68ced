import { createHash, randomBytes } from "node:crypto";

/** An approval link's id: 256 random bits. Only its hash is stored, so the table alone opens nothing. */
export const newLinkId = () => randomBytes(32).toString("base64url");
export const linkHash = (linkId: string) => createHash("sha256").update(linkId).digest("hex");
export const LINK_ID = /^[A-Za-z0-9_-]{43}$/;
/** Links work for two weeks; the step they belong to usually closes long before. */
export const LINK_DAYS = 14;
