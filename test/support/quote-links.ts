import { randomUUID } from "node:crypto";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { inject } from "vitest";
import type { User } from "../../functions/core/user";
import { quoteResponseRoute } from "../../functions/http/quote-response";
import type { TestApp } from "./app";

export interface StoredEmail {
  messageId: string;
  subject: string;
  destination: { to: string[]; cc: string[] };
  body: { text?: string; html?: string };
  /** Raw sends are parsed by the emulator: attachments in base64. */
  attachments: { filename?: string; contentType: string; content: string }[];
}

/** Everything the SES emulator received for `to`, oldest first. */
export async function inbox(to: string): Promise<StoredEmail[]> {
  const store = (await (await fetch(`${inject("sesEndpoint")}/store`)).json()) as { emails: StoredEmail[] };
  return store.emails.filter((e) => e.destination.to.some((t) => t.includes(to)));
}

const SEND = `mutation($input: SendQuoteInput!) { sendQuote(input: $input) { __typename ... on Error { message } ... on QuoteSend { id revision } } }`;

/** Sends the quote to a new customer address and returns the view link's id, as the email carries it. */
export async function sentLink(app: TestApp, rep: User, quoteId: string, to = `buyer.${randomUUID().slice(0, 8)}@customer.example`) {
  const sent = (await app.ok(rep, SEND, { input: { quoteId, to: [to], idempotencyKey: randomUUID() } })).sendQuote;
  if (sent.__typename !== "QuoteSend") throw new Error(JSON.stringify(sent));
  const [email] = (await inbox(to)).slice(-1);
  const viewId = /\/q\/([A-Za-z0-9_-]{43})/.exec(email?.body.text ?? "")?.[1];
  if (!viewId) throw new Error(`no view link in the email to ${to}`);
  return { viewId, sendId: sent.id as string, revision: sent.revision as number, to };
}

export const BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";

/** The HTTP API (payload 2.0) event of a browser posting the page's form. */
export function formEvent(viewId: string, action: "accept" | "changes", fields: Record<string, string>, opts: { ip?: string; userAgent?: string; method?: string; json?: boolean } = {}): APIGatewayProxyEventV2 {
  const path = `/q/${viewId}/${action}`;
  const userAgent = opts.userAgent ?? BROWSER;
  return {
    version: "2.0",
    routeKey: "ANY /q/{proxy+}",
    rawPath: path,
    rawQueryString: "",
    headers: { "content-type": opts.json ? "application/json" : "application/x-www-form-urlencoded", "user-agent": userAgent },
    body: opts.json ? JSON.stringify(fields) : new URLSearchParams(fields).toString(),
    isBase64Encoded: false,
    requestContext: {
      accountId: "123456789012",
      apiId: "api",
      domainName: "api.example.com",
      domainPrefix: "api",
      http: { method: opts.method ?? "POST", path, protocol: "HTTP/1.1", sourceIp: opts.ip ?? "203.0.113.7", userAgent },
      requestId: randomUUID(),
      routeKey: "ANY /q/{proxy+}",
      stage: "$default",
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
  };
}

/** The customer pressing a button on the view page: the route's answer. */
export async function answer(app: TestApp, viewId: string, action: "accept" | "changes", fields: Record<string, string>, opts: Parameters<typeof formEvent>[3] = {}) {
  return (await quoteResponseRoute(app.deps, formEvent(viewId, action, fields, opts), viewId, action)) as APIGatewayProxyStructuredResultV2 & { body: string; headers: Record<string, string> };
}
