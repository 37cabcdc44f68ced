/**
 * Who may call the API from a browser: the HTTP API's CORS configuration (infra/stack.ts) and the
 * local server's answers both come from here, so a front end that works locally works in AWS.
 * Configured origins only, never credentials (the bearer token travels in `authorization`).
 */
export interface CorsPolicy {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  maxAgeSeconds: number;
}

/** A front end's usual development servers (Create React App / Next.js, Vite). */
export const LOCAL_DEV_ORIGINS = ["http://localhost:3000", "http://localhost:5173"];

/** "https://a.example, https://b.example" (an env var or a CDK context value) as a list of origins. */
export function parseOrigins(value: string | undefined, fallback: string[]): string[] {
  const list = (value ?? "").split(",").map((o) => o.trim().replace(/\/+$/, "")).filter(Boolean);
  return list.length ? list : fallback;
}

export const corsPolicy = (allowOrigins: string[]): CorsPolicy => ({
  allowOrigins,
  allowMethods: ["GET", "POST"],
  allowHeaders: ["authorization", "content-type"],
  maxAgeSeconds: 600,
});

/**
 * The evidence bucket's CORS rule (infra/stack.ts) and the local `/files/…` URLs that stand in for it:
 * a browser on a configured origin PUTs an upload and GETs a download; any request header, as S3's "*".
 */
export const uploadCorsPolicy = (allowOrigins: string[]): CorsPolicy => ({
  allowOrigins,
  allowMethods: ["PUT", "GET"],
  allowHeaders: ["*"],
  maxAgeSeconds: 3000,
});

/** A configured origin's name for a request's Origin header, or null (no CORS headers at all). */
export function allowedOrigin(policy: CorsPolicy, origin: string | undefined): string | null {
  if (!origin) return null;
  return policy.allowOrigins.includes("*") || policy.allowOrigins.includes(origin) ? origin : null;
}

/** The answer to an OPTIONS preflight, as API Gateway gives it: 204, headers only for an allowed origin. */
export function preflightHeaders(policy: CorsPolicy, origin: string | undefined, requestMethod: string | undefined, requestHeaders?: string): Record<string, string> {
  const allowed = allowedOrigin(policy, origin);
  if (!allowed || !requestMethod || !policy.allowMethods.includes(requestMethod.toUpperCase())) return {};
  // "*" answers with the headers asked for, as S3 does.
  const headers = policy.allowHeaders.includes("*") ? (requestHeaders ?? "").toLowerCase() : policy.allowHeaders.join(",");
  return {
    "access-control-allow-origin": allowed,
    "access-control-allow-methods": policy.allowMethods.join(","),
    ...(headers ? { "access-control-allow-headers": headers } : {}),
    "access-control-max-age": String(policy.maxAgeSeconds),
    vary: "origin",
  };
}

/** Added to an ordinary response for an allowed origin (the browser then lets the page read it). */
export function responseCorsHeaders(policy: CorsPolicy, origin: string | undefined): Record<string, string> {
  const allowed = allowedOrigin(policy, origin);
  return allowed ? { "access-control-allow-origin": allowed, vary: "origin" } : {};
}
