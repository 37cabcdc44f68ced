import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { CheckedTarget } from "./target";
import { ATTEMPT_TIMEOUT_MS } from "./model";
import { DELIVERY_ERRORS } from "./delivery-errors";

export interface SendResult {
  statusCode: number | null;
  error: string | null;
  responseSnippet: string | null;
}

/**
 * One POST to the checked address (the lookup is pinned to it, so the name is not resolved again
 * between the check and the connection; TLS still verifies the certificate for the host name).
 * Redirects are not followed (a 3xx is a failure, as is anything but 2xx); the whole attempt ends
 * after ATTEMPT_TIMEOUT_MS.
 */
export function postWebhook(target: CheckedTarget, body: string, headers: Record<string, string>, timeoutMs = ATTEMPT_TIMEOUT_MS): Promise<SendResult> {
  const request = target.url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: SendResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(r);
    };
    const req = request(
      target.url,
      {
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8", "content-length": String(Buffer.byteLength(body)), "user-agent": "sales-webhooks/1", ...headers },
        lookup: (_host, opts, cb) => {
          // Node asks for all addresses when autoSelectFamily is on; either way it gets the checked one.
          if ((opts as { all?: boolean }).all) (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }]);
          else cb(null, target.address, target.family);
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          if (text.length < 500) text += chunk;
        });
        res.on("end", () => finish({ statusCode: res.statusCode ?? null, error: null, responseSnippet: text.slice(0, 500) || null }));
        res.on("error", (e) => finish({ statusCode: res.statusCode ?? null, error: e.message, responseSnippet: text.slice(0, 500) || null }));
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      finish({ statusCode: null, error: DELIVERY_ERRORS.timeout(timeoutMs), responseSnippet: null });
    }, timeoutMs);
    req.on("error", (e) => finish({ statusCode: null, error: e.message, responseSnippet: null }));
    req.end(body);
  });
}
