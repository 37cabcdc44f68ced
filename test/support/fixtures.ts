import { withCheckCharacter } from "../../functions/core/credit-code";
import type { User } from "../../functions/core/user";
import type { TestApp } from "./app";

let serial = 0;

/** A valid 统一社会信用代码, different on every call. */
export function creditCode(): string {
  serial++;
  return withCheckCharacter(`9133020${String(serial).padStart(4, "0")}MA2A${String(serial % 1000).padStart(3, "0")}X`.slice(0, 17));
}

const NAMES = ["宁波", "杭州", "温州", "苏州", "无锡", "常州", "南通", "嘉兴", "绍兴", "台州"];

/** Input for createCustomer with the five required fields; override any. */
export function customerInput(overrides: Record<string, unknown> = {}) {
  serial++;
  return {
    name: `${NAMES[serial % NAMES.length]}测试阀门${serial}号有限公司`,
    tier: "B",
    industry: "石油化工",
    region: "华东",
    source: "展会",
    ...overrides,
  };
}

export const CUSTOMER_FIELDS = `
  __typename
  ... on Error { message }
  ... on ValidationError { fields { path code message } }
  ... on Customer { id name tier region industry creditCode version releaseAt inPool owner { id name } }
`;

export const CREATE_CUSTOMER = `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { ${CUSTOMER_FIELDS}
  ... on DuplicateCustomerError { field existingCustomerId existingCustomerName ownerName }
  ... on OwnershipLimitError { limit } } }`;

/** A new customer of the given tier, held by `owner`; its id. */
export async function heldBy(app: TestApp, owner: User, tier = "B"): Promise<string> {
  return (await app.ok(owner, CREATE_CUSTOMER, { input: customerInput({ tier }) })).createCustomer.id as string;
}

/** The people pool tests need: an ADMIN, a manager and two of their reps. */
export async function poolTeam(app: TestApp) {
  const admin = await app.user({ name: "管理员", roles: ["ADMIN"] });
  const manager = await app.user({ name: "赵经理", roles: ["MANAGER"] });
  const alice = await app.user({ name: "王丽", managerId: manager.id });
  const bob = await app.user({ name: "陈刚", managerId: manager.id });
  return { admin, manager, alice, bob };
}
