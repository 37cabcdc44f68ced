import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { type CorsPolicy, preflightHeaders, responseCorsHeaders, uploadCorsPolicy } from "../http/cors";
import type { HttpApiEvent } from "../http/lambda";
import { verifyBearer, type LocalKeys } from "./auth";

type HttpHandler = (
  event: HttpApiEvent,
) => Promise<{ statusCode?: number; headers?: Record<string, unknown>; body?: string; isBase64Encoded?: boolean } | string>;

export type Route =
  | {
      /** Path prefix this handler serves, e.g. "/graphql". */
      prefix: string;
      handler: HttpHandler;
      /** Like an HTTP API route with the JWT authorizer: no valid token, no call. */
      authorized: boolean;
    }
  | {
      prefix: string;
      /** Served as is (the local stand-in for S3's pre-signed URLs). */
      raw: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    };

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Whether the Host header names this server by a loopback name and its own port. Listening on
 * 127.0.0.1 does not stop DNS rebinding (a page whose name now resolves to 127.0.0.1 is same-origin
 * with whatever it reaches), and GraphiQL's page carries an admin token; such a page sends its own name.
 */
export function isLoopbackHost(host: string | undefined, localPort: number | undefined): boolean {
  const m = /^(\[::1\]|localhost|127\.0\.0\.1)(?::(\d+))?$/i.exec(host ?? "");
  return !!m && Number(m[2] ?? 80) === localPort;
}

/** The last page compressed (GraphiQL's is 9 MB and the same every time): compressed once. */
let lastGzip: { body: string; gzipped: Buffer } | undefined;
function gzipOnce(body: string): Buffer {
  if (lastGzip?.body !== body) lastGzip = { body, gzipped: gzipSync(body) };
  return lastGzip.gzipped;
}

/**
 * One Node HTTP server in front of the Lambda handlers: it turns each request into the HTTP API
 * (payload 2.0) event AWS would send, with the claims the JWT authorizer would add.
 */
export function createLocalServer(routes: Route[], keys: LocalKeys, opts: { cors?: CorsPolicy } = {}): Server {
  return createServer(async (req, res) => {
    try {
      if (!isLoopbackHost(req.headers.host, req.socket.localPort)) {
        res.writeHead(421, { "content-type": "text/plain; charset=utf-8" }).end(`This server answers only as localhost, 127.0.0.1 or [::1] on port ${req.socket.localPort}`);
        return;
      }
      // Nothing here may be shown inside another site's frame (a handler may say more in its own CSP).
      res.setHeader("x-frame-options", "DENY");
      res.setHeader("content-security-policy", "frame-ancestors 'none'");
      const url = new URL(req.url ?? "/", "http://localhost");
      const origin = req.headers.origin;
      const route = routes.find((r) => url.pathname === r.prefix || url.pathname.startsWith(`${r.prefix}/`));
      // As the HTTP API with a CORS configuration: preflights answered before any route or authorizer,
      // and every answer to an allowed origin says so. The raw routes stand in for the evidence bucket,
      // whose CORS rule takes PUT and GET.
      const cors = opts.cors && route && "raw" in route ? uploadCorsPolicy(opts.cors.allowOrigins) : opts.cors;
      if (cors) {
        if (req.method === "OPTIONS") {
          const asked = req.headers["access-control-request-headers"];
          res.writeHead(204, preflightHeaders(cors, origin, req.headers["access-control-request-method"], Array.isArray(asked) ? asked.join(",") : asked)).end();
          return;
        }
        for (const [name, value] of Object.entries(responseCorsHeaders(cors, origin))) res.setHeader(name, value);
      }
      if (!route) {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ message: "Not Found" }));
        return;
      }
      if ("raw" in route) return await route.raw(req, res);
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : (v ?? "")]),
      );
      const method = req.method ?? "GET";
      // GraphiQL's page itself is public locally; every operation needs a token.
      const wantsPage = method === "GET" && (headers.accept ?? "").includes("text/html");
      const claims = await verifyBearer(keys, headers.authorization);
      if (route.authorized && !claims && !wantsPage) {
        res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ message: "Unauthorized" }));
        return;
      }
      const event = {
        version: "2.0",
        routeKey: `ANY ${route.prefix}`,
        rawPath: url.pathname,
        rawQueryString: url.search.slice(1),
        headers,
        body: method === "GET" || method === "HEAD" ? undefined : await readBody(req),
        isBase64Encoded: false,
        requestContext: {
          domainName: headers.host ?? "localhost",
          http: { method, path: url.pathname, protocol: "HTTP/1.1", sourceIp: req.socket.remoteAddress ?? "", userAgent: headers["user-agent"] ?? "" },
          authorizer: claims ? { jwt: { claims, scopes: [] } } : undefined,
          requestId: crypto.randomUUID(),
          timeEpoch: Date.now(),
        },
      } as unknown as HttpApiEvent;
      const result = await route.handler(event);
      const out = typeof result === "string" ? { statusCode: 200, body: result } : result;
      // Binary bodies (PDFs, gzipped assets) come base64-encoded, as API Gateway expects them; HEAD gets none.
      let body: string | Buffer = out.isBase64Encoded ? Buffer.from(out.body ?? "", "base64") : (out.body ?? "");
      // With CORS configured, API Gateway ignores the integration's own CORS headers (yoga would allow any origin).
      const outHeaders = Object.fromEntries(
        Object.entries((out.headers ?? {}) as Record<string, string>).filter(([name]) => !opts.cors || !name.toLowerCase().startsWith("access-control-")),
      );
      // A large page (GraphiQL) gzipped for a browser that takes it, as CloudFront would.
      const type = Object.entries(outHeaders).find(([name]) => name.toLowerCase() === "content-type")?.[1] ?? "";
      const encoded = Object.keys(outHeaders).some((name) => name.toLowerCase() === "content-encoding");
      if (typeof body === "string" && body.length > 1024 && String(type).startsWith("text/html") && !encoded && /\bgzip\b/.test(headers["accept-encoding"] ?? "")) {
        body = gzipOnce(body);
        for (const name of Object.keys(outHeaders)) if (name.toLowerCase() === "content-length") delete outHeaders[name];
        Object.assign(outHeaders, { "content-encoding": "gzip", vary: [res.getHeader("vary"), "accept-encoding"].filter(Boolean).join(", ") });
      }
      res.writeHead(out.statusCode ?? 200, outHeaders).end(method === "HEAD" ? undefined : body);
    } catch (error) {
      console.error(error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: "Internal Server Error" }));
    }
  });
}
