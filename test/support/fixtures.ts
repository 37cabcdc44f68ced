import { withCheckCharacter } from "../../functions/core/credit-code";

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
