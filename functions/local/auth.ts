import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { exportJWK, generateKeyPair, importJWK, type JWK, jwtVerify, SignJWT } from "jose";

/**
 * Locally, the server does what API Gateway's JWT authorizer does in AWS: it verifies a bearer
 * token before any handler runs. Tokens are signed with a key kept under .data/ (made on first use).
 */
export const ISSUER = "sales-api-local";
export const AUDIENCE = "sales-api";
const ALG = "ES256";

export interface LocalKeys {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

export async function loadOrCreateKeys(file: string): Promise<LocalKeys> {
  if (!existsSync(file)) {
    const { privateKey } = await generateKeyPair(ALG, { extractable: true });
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(await exportJWK(privateKey)), { mode: 0o600 });
  }
  const jwk = JSON.parse(readFileSync(file, "utf8")) as JWK;
  const { d: _private, ...publicJwk } = jwk;
  return {
    privateKey: (await importJWK(jwk, ALG)) as CryptoKey,
    publicKey: (await importJWK(publicJwk, ALG)) as CryptoKey,
  };
}

export async function signToken(keys: LocalKeys, userId: string, ttl = "12h"): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: ALG })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(keys.privateKey);
}

/** The claims of a valid token, or null (missing, expired, tampered, wrong issuer). */
export async function verifyBearer(keys: LocalKeys, authorization: string | undefined): Promise<Record<string, string> | null> {
  const token = authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, keys.publicKey, { issuer: ISSUER, audience: AUDIENCE, algorithms: [ALG] });
    return Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, String(v)]));
  } catch {
    return null;
  }
}
