import { randomUUID } from "node:crypto";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { afterAll, inject } from "vitest";
import { confirmUpload } from "../../functions/core/pipeline";
import * as Imports from "../../functions/core/import";
import { InProcessSheetsWorker } from "../../functions/sheets/in-process";
import { LocalFileStore } from "../../functions/files/local-file-store";
import { approvalPageHandler } from "../../functions/http/approval-page";
import { SesMailSender } from "../../functions/mail/sender";
import { inProcessPdfRenderer } from "../../functions/pdf/renderer";
import { quoteViewHandler } from "../../functions/http/quote-view";
import { exportDownloadHandler } from "../../functions/http/export-download";
import { LocalWorkflowEngine } from "../../functions/workflow/local-engine";
import { loadOrCreateKeys } from "../../functions/local/auth";
import { createLocalServer } from "../../functions/local/server";
import { createActor, type Deps } from "../../functions/core/actor";
import { newActivity } from "../../functions/core/activity";
import { ManualClock } from "../../functions/core/clock";
import { newId } from "../../functions/core/ids";
import type { User } from "../../functions/core/user";
import { createGraphqlServer } from "../../functions/http/graphql";
import { type HttpApiEvent, lambdaAdapter } from "../../functions/http/lambda";
import { createStore } from "../../functions/store";
import { createDb, type Db } from "../../functions/store/client";
import { ensureTable } from "../../functions/store/table";

export const START = "2026-11-23T02:00:00.000Z"; // 10:00 in Shanghai, a Monday

export interface GqlResult<T = any> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  status: number;
}

/** An HTTP API (payload 2.0) event as API Gateway sends it after its JWT authorizer accepted the token. */
export function httpApiEvent(body: unknown, claims?: Record<string, string>): HttpApiEvent {
  return {
    version: "2.0",
    routeKey: "ANY /graphql",
    rawPath: "/graphql",
    rawQueryString: "",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      domainName: "api.example.com",
      http: { method: "POST", path: "/graphql", protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "vitest" },
      authorizer: claims ? { jwt: { claims, scopes: [] } } : undefined,
      requestId: randomUUID(),
      timeEpoch: Date.now(),
    },
  } as unknown as HttpApiEvent;
}

/**
 * A fresh table in the run's DynamoDB Local, the real GraphQL Lambda handler over it, and a clock
 * the test moves by hand.
 */
export async function testApp(opts: { orgId?: string } = {}) {
  const table = `t-${randomUUID()}`;
  const db: Db = createDb({ table, endpoint: inject("ddbEndpoint") });
  await ensureTable(db, table);
  const clock = new ManualClock(new Date(START));
  let baseUrl = "http://127.0.0.1:0";
  const files = new LocalFileStore(mkdtempSync(`${tmpdir()}/files-`), "test-secret", () => baseUrl);
  const workflows = new LocalWorkflowEngine();
  const deps: Deps = {
    store: createStore(db),
    clock,
    files,
    mail: SesMailSender.local(inject("sesEndpoint")),
    pdf: inProcessPdfRenderer,
    workflows,
    config: { publicUrl: "http://127.0.0.1:0", mailFrom: "sales-noreply@jierui.example" },
  };
  workflows.attach(deps);
  deps.sheets = new InProcessSheetsWorker(() => deps);
  files.whenUploaded(async (key) => {
    await confirmUpload(deps, key);
    await Imports.uploaded(deps, key);
  });
  const orgId = opts.orgId ?? "acme";
  const handler = lambdaAdapter(createGraphqlServer(deps));

  /** The local HTTP server in front of the handler (for uploads to the file route); stops after the file's tests. */
  async function serve(): Promise<string> {
    const keys = await loadOrCreateKeys(`${mkdtempSync(`${tmpdir()}/keys-`)}/key.json`);
    const server = createLocalServer(
      [
        { prefix: "/graphql", handler, authorized: true },
        { prefix: "/files", raw: (req, res) => files.handle(req, res) },
        { prefix: "/approvals", handler: approvalPageHandler(deps), authorized: false },
        { prefix: "/q", handler: quoteViewHandler(deps), authorized: false },
        { prefix: "/exports", handler: exportDownloadHandler(deps), authorized: false },
      ],
      keys,
    );
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    deps.config.publicUrl = baseUrl;
    afterAll(() => new Promise<void>((r) => server.close(() => r())));
    return baseUrl;
  }

  async function gql<T = any>(as: User | null, query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>> {
    const res = await handler(httpApiEvent({ query, variables }, as ? { sub: as.id } : undefined));
    const out = typeof res === "string" ? { statusCode: 200, body: res } : res;
    return { ...JSON.parse(out.body ?? "{}"), status: out.statusCode ?? 200 };
  }

  /** Expects no GraphQL errors and returns data. */
  async function ok<T = any>(as: User, query: string, variables?: Record<string, unknown>): Promise<T> {
    const res = await gql<T>(as, query, variables);
    if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
    return res.data as T;
  }

  /** Writes a user straight to the store (fixtures), returning what is stored. */
  async function user(overrides: Partial<User> = {}): Promise<User> {
    const now = clock.now();
    const id = overrides.id ?? newId(now);
    const u: User = {
      id,
      orgId,
      name: `用户${id.slice(-4)}`,
      email: `${id.toLowerCase()}@example.com`,
      phone: null,
      roles: ["REP"],
      managerId: null,
      region: "华东",
      department: "销售部",
      locale: "zh-CN",
      active: true,
      ownedCount: 0,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      version: 1,
      ...overrides,
    };
    await deps.store.users.create(u, newActivity({ orgId, subjectType: "USER", subjectId: id, kind: "CREATED", actorId: null }, now));
    return u;
  }

  const reload = async (u: User) => (await deps.store.users.getMany([u.id]))[0] as User;
  const actor = (u: User) => createActor(u, deps);

  /** The environment a Lambda entry point reads at import, pointed at this app's table. */
  function lambdaEnv(filesBucket = "test-bucket") {
    Object.assign(process.env, {
      TABLE_NAME: db.table,
      DYNAMODB_ENDPOINT: inject("ddbEndpoint"),
      PUBLIC_URL: "https://sales.example.com",
      MAIL_FROM: "noreply@example.com",
      FILES_BUCKET: filesBucket,
    });
  }

  return { db, deps, clock, orgId, handler, gql, ok, user, reload, actor, serve, files, workflows, lambdaEnv };
}

export type TestApp = Awaited<ReturnType<typeof testApp>>;

export const gid = (type: "Customer" | "User", id: string) => encodeGlobalID(type, id);
