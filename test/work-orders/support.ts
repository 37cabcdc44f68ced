import type { User } from "../../functions/core/user";
import { gid, type TestApp } from "../support/app";
import { CREATE_CUSTOMER, customerInput } from "../support/fixtures";

export const WO_FIELDS = `id title status urgent typeKey typeName department version createdAt responseDueAt resolutionDueAt respondedAt finishedAt
  responseHours resolutionHours breached rejectReason assignee { id name } createdBy { name } customer { name } opportunity { id }
  fields { key label kind text number date money { fen } } statusTimes { status at } handOverDocumentName handOverDocumentUrl`;
const BASE = `__typename ... on Error { message } ... on ValidationError { fields { path code message } } ... on WorkOrder { ${WO_FIELDS} }`;
const RESULT = `${BASE} ... on IllegalWorkOrderTransitionError { from to allowed } ... on VersionConflictError { currentVersion }`;

export const CREATE_WO = `mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { ${BASE} } }`;
export const ASSIGN_WO = `mutation($id: ID!, $to: ID!) { assignWorkOrder(id: $id, assigneeId: $to) { ${BASE} ... on IllegalWorkOrderTransitionError { from to allowed } } }`;
export const MOVE_WO = `mutation($id: ID!, $to: WorkOrderStatus!, $reason: String, $version: Int) {
  transitionWorkOrder(id: $id, to: $to, reason: $reason, version: $version) { ${RESULT} } }`;
export const GET_WO = `query($id: ID!) { workOrder(id: $id) { ${WO_FIELDS} timeline { edges { node { kind summary } } } } }`;
export const LIST_WO = `query($filter: WorkOrderFilter, $first: Int, $after: String) { workOrders(filter: $filter, first: $first, after: $after) {
  edges { node { id title status breached } } pageInfo { hasNextPage endCursor } } }`;
export const STATS_WO = `query($period: String!, $groupBy: WorkOrderStatsGroupBy!) { workOrderStats(period: $period, groupBy: $groupBy) {
  key count responded resolved medianResponseHours medianResolutionHours breached breachRatePercent } }`;

/** Shanghai local time → the instant (the organization's zone is UTC+8 all year). */
export const shanghai = (local: string) => new Date(`${local}:00+08:00`);

/**
 * The people a work order passes: a rep and their sales manager, a technical director with an
 * engineer, finance, a GM and an ADMIN.
 */
export async function workOrderTeam(app: TestApp) {
  const admin = await app.user({ name: "系统管理员", roles: ["ADMIN"] });
  const gm = await app.user({ name: "周建国", roles: ["GM"] });
  const director = await app.user({ name: "马志远", roles: ["TECH"], department: "技术部", managerId: gm.id });
  const engineer = await app.user({ name: "郑工", roles: ["TECH"], department: "技术部", managerId: director.id });
  const engineer2 = await app.user({ name: "吴工", roles: ["TECH"], department: "技术部", managerId: director.id, locale: "en" });
  const finance = await app.user({ name: "林芳", roles: ["FINANCE"], department: "财务部", managerId: gm.id });
  const manager = await app.user({ name: "王海涛", roles: ["MANAGER"], managerId: gm.id });
  const rep = await app.user({ name: "陈刚", roles: ["REP"], managerId: manager.id });
  const otherRep = await app.user({ name: "刘洋", roles: ["REP"] });
  return { admin, gm, director, engineer, engineer2, finance, manager, rep, otherRep };
}

/** A customer the user holds. */
export async function customerOf(app: TestApp, owner: User, name?: string): Promise<{ id: string; name: string }> {
  const res = await app.ok(owner, CREATE_CUSTOMER, { input: customerInput(name ? { name } : {}) });
  return { id: res.createCustomer.id, name: res.createCustomer.name };
}

/** A non-standard design request (TECH), created through the API; throws unless it was made. */
export async function designRequest(app: TestApp, as: User, opts: { title: string; urgent?: boolean; customerId?: string }) {
  const res = (await app.ok(as, CREATE_WO, { input: { typeKey: "NON_STANDARD_DESIGN", title: opts.title, urgent: !!opts.urgent, customerId: opts.customerId, fields: [{ key: "requirement", text: "DN300 蝶阀加长阀杆" }] } })).createWorkOrder;
  if (res.__typename !== "WorkOrder") throw new Error(JSON.stringify(res));
  return res;
}

export const move = async (app: TestApp, as: User, id: string, to: string, reason?: string, version?: number) =>
  (await app.ok(as, MOVE_WO, { id, to, reason, version })).transitionWorkOrder;

export const assign = async (app: TestApp, as: User, id: string, to: User) => (await app.ok(as, ASSIGN_WO, { id, to: gid("User", to.id) })).assignWorkOrder;
