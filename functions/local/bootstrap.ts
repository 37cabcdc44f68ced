import type { Deps } from "../core/actor";
import { newActivity } from "../core/activity";
import { newId } from "../core/ids";
import type { User } from "../core/user";
import { createStore } from "../store";
import { createDb } from "../store/client";
import { ensureTable } from "../store/table";
import type { WorkflowEngine } from "../core/approval/engine";
import { SesMailSender } from "../mail/sender";
import { inProcessPdfRenderer } from "../pdf/renderer";
import { DeferredWorkflowEngine } from "../workflow/deferred-engine";
import { ddbEndpoint, localConfig, mailEndpoint } from "./config";
import { systemClock } from "../core/clock";
import { confirmUploadsWith, localFileStore } from "./files";
import { InProcessSheetsWorker } from "../sheets/in-process";

export const ADMIN_EMAIL = "admin@example.com";

/**
 * Deps for the local stack: its DynamoDB Local (the table is created when missing), the SES
 * emulator, files under .data/. The server runs the approval workflows; other commands defer to it.
 */
export async function localDeps(cfg = localConfig(), workflows: WorkflowEngine = new DeferredWorkflowEngine()): Promise<Deps> {
  const db = createDb({ table: cfg.table, endpoint: ddbEndpoint(cfg.ddbPort) });
  try {
    await ensureTable(db, cfg.table);
  } catch (error) {
    throw new Error(`DynamoDB Local is not reachable at ${ddbEndpoint(cfg.ddbPort)}: start the stack with npm start first (same DATA_DIR)`, {
      cause: error,
    });
  }
  const files = localFileStore(cfg.port);
  const deps: Deps = {
    store: createStore(db),
    clock: systemClock,
    files,
    mail: SesMailSender.local(mailEndpoint(cfg.mailPort)),
    pdf: inProcessPdfRenderer,
    workflows,
    config: {
      publicUrl: process.env.PUBLIC_URL ?? `http://localhost:${cfg.port}`,
      mailFrom: process.env.MAIL_FROM ?? "sales-noreply@jierui.example",
      // Locally a webhook may point at a receiver on this machine (http, loopback).
      webhookTargets: "LOCAL",
    },
  };
  // Spreadsheet jobs (imports) run in this process, as the sheets Lambda runs them in AWS.
  deps.sheets = new InProcessSheetsWorker(() => deps);
  confirmUploadsWith(files, deps);
  return deps;
}

/** A fresh install has someone to log in as: the ADMIN admin@example.com. */
export async function ensureAdmin(deps: Deps, orgId: string): Promise<User> {
  const existing = await deps.store.users.byEmail(orgId, ADMIN_EMAIL);
  if (existing) {
    const [user] = await deps.store.users.getMany([existing]);
    if (user) return user;
  }
  const now = deps.clock.now();
  const admin: User = {
    id: newId(now),
    orgId,
    name: "系统管理员",
    email: ADMIN_EMAIL,
    phone: null,
    roles: ["ADMIN"],
    managerId: null,
    region: null,
    department: "信息部",
    locale: "zh-CN",
    active: true,
    ownedCount: 0,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 1,
  };
  await deps.store.users.create(
    admin,
    newActivity({ orgId, subjectType: "USER", subjectId: admin.id, kind: "CREATED", actorId: null }, now),
  );
  return admin;
}

/** A user by id, or by email within the local organization, for the token command and the seed. */
export async function findUser(deps: Deps, idOrEmail: string, orgId = localConfig().orgId): Promise<User | null> {
  const id = idOrEmail.includes("@") ? await deps.store.users.byEmail(orgId, idOrEmail.toLowerCase()) : idOrEmail;
  if (!id) return null;
  const [user] = await deps.store.users.getMany([id]);
  return user;
}
