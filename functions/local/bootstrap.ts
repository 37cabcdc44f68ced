import type { Deps } from "../core/actor";
import { newActivity } from "../core/activity";
import { newId } from "../core/ids";
import type { User } from "../core/user";
import { createStore } from "../store";
import { createDb } from "../store/client";
import { ensureTable } from "../store/table";
import { ddbEndpoint, localConfig } from "./config";
import { systemClock } from "../core/clock";
import { confirmUploadsWith, localFileStore } from "./files";

export const ADMIN_EMAIL = "admin@example.com";

/** Deps for the local stack's DynamoDB Local, creating the table when it is missing. */
export async function localDeps(cfg = localConfig()): Promise<Deps> {
  const db = createDb({ table: cfg.table, endpoint: ddbEndpoint(cfg.ddbPort) });
  try {
    await ensureTable(db.client, cfg.table);
  } catch (error) {
    throw new Error(`DynamoDB Local is not reachable at ${ddbEndpoint(cfg.ddbPort)}: start the stack with npm start first`, {
      cause: error,
    });
  }
  const files = localFileStore(cfg.port);
  const deps: Deps = { store: createStore(db), clock: systemClock, files };
  confirmUploadsWith(files, deps);
  return deps;
}

/** A fresh install has someone to log in as: the ADMIN admin@example.com. */
export async function ensureAdmin(deps: Deps, orgId: string): Promise<User> {
  const existing = await deps.store.users.byEmail(ADMIN_EMAIL);
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

/** A user by id or email, for the token command and the seed. */
export async function findUser(deps: Deps, idOrEmail: string): Promise<User | null> {
  const id = idOrEmail.includes("@") ? await deps.store.users.byEmail(idOrEmail.toLowerCase()) : idOrEmail;
  if (!id) return null;
  const [user] = await deps.store.users.getMany([id]);
  return user;
}
