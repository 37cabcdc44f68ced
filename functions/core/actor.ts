import DataLoader from "dataloader";
import type { LoginDirectory } from "../auth/login-directory";
import type { FileStore } from "../files/file-store";
import type { MailSender } from "../mail/sender";
import type { QuotePdfRenderer } from "../pdf/renderer";
import type { SheetsWorker } from "../sheets/worker";
import type { WorkflowEngine } from "./approval/engine";
import type { Store } from "../store";
import type { Clock } from "./clock";
import { type DealLoaders, dealLoaders } from "./loaders";
import type { Customer } from "./customer/model";
import type { Organization } from "./organization";
import type { Opportunity } from "./pipeline/model";
import { hasRole, reportsOf, type User } from "./user/model";

/** What the domain needs from the outside world; built once per Lambda instance or test. */
export interface Deps {
  store: Store;
  clock: Clock;
  files: FileStore;
  mail: MailSender;
  /** Quote PDFs: rendered in process locally, by their own Lambda in AWS. */
  pdf: QuotePdfRenderer;
  workflows: WorkflowEngine;
  config: AppConfig;
  /** Sign-in accounts kept beside the users (Cognito in AWS); absent locally, where there are none. */
  logins?: LoginDirectory;
  /** Spreadsheet jobs (imports; exceljs stays out of the GraphQL bundle): their own Lambda in AWS, in process locally. */
  sheets?: SheetsWorker;
}

export interface AppConfig {
  /** Where people open approval links: the HTTP API in AWS, the local server locally. */
  publicUrl: string;
  /** The sender of every email. */
  mailFrom: string;
  /** Where webhook endpoints may point (core/webhook/target.ts): PUBLIC unless set (AWS); LOCAL allows loopback http. */
  webhookTargets?: "PUBLIC" | "LOCAL";
  /** Seals webhook signing secrets (base64, 32 bytes; core/webhook/seal.ts); unset: a development key. */
  webhookSecretKey?: string;
}

/**
 * One request's view of the world: who acts, their organization, and per-request loaders that
 * batch and cache reads (BatchGetItem underneath), so a page of 200 customers with their owners is
 * still a fixed number of round trips.
 */
export interface Actor extends DealLoaders {
  viewer: User;
  deps: Deps;
  org(): Promise<Organization>;
  /**
   * The organization's directory (people, not customers), read once per request and only when a
   * whole-organization view needs it (the users list, a manager's team, reports); single people
   * come from `users`, by id.
   */
  orgUsers(): Promise<User[]>;
  /** Everyone reporting to the viewer at any depth; read only for managers. */
  team(): Promise<Set<string>>;
  users: DataLoader<string, User | null>;
  customers: DataLoader<string, Customer | null>;
  opportunities: DataLoader<string, Opportunity | null>;
  /** A read this request needs, started once: a resolver that knows what comes next starts it early, the one that needs it takes it. */
  memo<T>(key: string, load: () => Promise<T>): Promise<T>;
}

const memoOf = () => {
  const started = new Map<string, Promise<unknown>>();
  return <T>(key: string, load: () => Promise<T>): Promise<T> => {
    if (!started.has(key)) started.set(key, load());
    return started.get(key) as Promise<T>;
  };
};

const once = <T>(load: () => Promise<T>) => {
  let p: Promise<T> | undefined;
  return () => (p ??= load());
};

/** `org`: the organization's settings when the sign-in read them already. */
export function createActor(viewer: User, deps: Deps, org?: Organization | null): Actor {
  const { store } = deps;
  const orgUsers = once(() => store.users.listByOrg(viewer.orgId));
  // The viewer was just read to sign them in: `me`, owners and approvers that are the viewer cost nothing more.
  const users = new DataLoader((ids: readonly string[]) => store.users.getMany(ids), { maxBatchSize: 100 }).prime(viewer.id, viewer);
  return {
    viewer,
    deps,
    org: once(() => (org ? Promise.resolve(org) : store.organizations.get(viewer.orgId))),
    memo: memoOf(),
    orgUsers,
    team: once(async () => (hasRole(viewer, "MANAGER") ? reportsOf(viewer.id, await orgUsers()) : new Set<string>())),
    users,
    customers: new DataLoader((ids) => store.customers.getMany(ids), { maxBatchSize: 100 }),
    opportunities: new DataLoader((ids) => store.opportunities.getMany(ids), { maxBatchSize: 100 }),
    // Quotes, contracts and what hangs off them (approvals, steps, revisions, evidence): functions/core/loaders.ts.
    ...dealLoaders(store),
  };
}

/** Users from another organization do not exist as far as this actor is concerned. */
export async function loadUser(actor: Actor, id: string): Promise<User | null> {
  const user = await actor.users.load(id);
  return user && user.orgId === actor.viewer.orgId ? user : null;
}
