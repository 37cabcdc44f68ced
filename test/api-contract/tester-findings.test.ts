import { encodeGlobalID } from "@pothos/plugin-relay";
import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { CREATE_CUSTOMER, customerInput, heldBy } from "../support/fixtures";
import { newDeal } from "../support/pipeline";
import { httpApiEvent, testApp, type TestApp } from "../support/app";

// Findings of an external front-end test of the API (README and schema only), each as the client saw it.

let app: TestApp;
let rep: User;
let english: User;
let manager: User;

beforeAll(async () => {
  app = await testApp();
  manager = await app.user({ name: "赵经理", roles: ["MANAGER"] });
  rep = await app.user({ name: "陈刚", managerId: manager.id });
  english = await app.user({ name: "David Lin", locale: "en" });
  await heldBy(app, rep);
});

/** The raw HTTP answer (status included), for requests that must never be a 500. */
async function post(as: User | null, body: unknown) {
  const res = await app.handler(httpApiEvent(body, as ? { sub: as.id } : undefined));
  const out = typeof res === "string" ? { statusCode: 200, body: res } : res;
  return { status: out.statusCode ?? 200, ...JSON.parse(out.body ?? "{}") };
}

describe("#4 named fragments add no depth: the depth limit counts fields", () => {
  const SCREEN = `query CustomerList { customers(first: 50) { edges { node { ...CustomerCard } } pageInfo { ...PageInfoFields } } }
    fragment PageInfoFields on PageInfo { hasNextPage endCursor }
    fragment CustomerCard on Customer { id name tier owner { ...UserChip }
      opportunities(first: 5) { edges { node { ...OppRow } } } timeline(first: 3) { edges { node { ...TimelineItem } } } }
    fragment OppRow on Opportunity { id title stage amount { ...MoneyFields } owner { ...UserChip } }
    fragment MoneyFields on Money { fen formatted }
    fragment TimelineItem on Activity { id summary at actor { ...UserChip } }
    fragment UserChip on User { id name }`;

  it("a manager's customer screen written as per-component fragments is answered", async () => {
    const out = await app.gql(manager, SCREEN);
    expect(out.errors).toBeUndefined();
    expect(out.data.customers.edges.length).toBe(1);
  });

  it("a chain of seven fragments around one field is two levels deep", async () => {
    const chain = `query { me { ...A } } fragment A on User { ...B } fragment B on User { ...C } fragment C on User { ...D }
      fragment D on User { ...E } fragment E on User { ...F } fragment F on User { ...G } fragment G on User { name }`;
    const out = await app.gql(rep, chain);
    expect(out.errors).toBeUndefined();
    expect(out.data.me.name).toBe("陈刚");
  });

  it("a really deep query is still refused, written with fragments or inline", async () => {
    const deep = `query { me { ...M } } fragment M on User { manager { manager { manager { manager { manager { manager { ...N } } } } } } }
      fragment N on User { manager { manager { manager { manager { manager { manager { manager { name } } } } } } } }`;
    const out = await app.gql(rep, deep);
    expect(out.errors?.[0]).toMatchObject({ extensions: { code: "QUERY_TOO_DEEP", limit: { max: 12, found: 15 } } });
    expect(out.errors?.[0].message).toBe("查询嵌套过深：最多 12 层（本次 15 层）。");
  });
});

describe("#7 deeply nested values in arguments are refused as a limit, never a 500", () => {
  it.each([1900, 5000])("a list nested %i deep in a literal", async (n) => {
    const query = `{ customers(first: 5, filter: { search: ${"[".repeat(n)}1${"]".repeat(n)} }) { edges { cursor } } }`;
    const zh = await post(rep, { query });
    expect(zh.status).not.toBe(500);
    expect(zh.errors[0]).toMatchObject({ extensions: { code: "QUERY_TOO_DEEP" } });
    expect(zh.errors[0].message).toMatch(/^查询嵌套过深：括号最多 \d+ 层（本次 \d+ 层）。$/);
    const en = await post(english, { query });
    expect(en.errors[0].message).toMatch(/^The query is nested too deeply: at most \d+ nested brackets \(this one has \d+\)\.$/);
  });

  it("a variable nested 5000 deep is bad input, not a 500", async () => {
    const event = httpApiEvent({}, { sub: rep.id });
    event.body = `{"query":"query($ids: [ID!]!, $s: String) { nodes(ids: $ids) { id } customers(first: 1, filter: { search: $s }) { edges { cursor } } }","variables":{"ids":${"[".repeat(5000)}"x"${"]".repeat(5000)},"s":${"[".repeat(5000)}1${"]".repeat(5000)}}}`;
    const res = await app.handler(event);
    const raw = typeof res === "string" ? { statusCode: 200, body: res } : res;
    const out = { status: raw.statusCode, ...JSON.parse(raw.body ?? "{}") };
    expect(out.status).not.toBe(500);
    expect(out.errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it("brackets inside strings do not count", async () => {
    const out = await app.gql(rep, `{ customers(first: 5, filter: { search: "${"[".repeat(60)}" }) { edges { cursor } } }`);
    expect(out.errors?.[0]?.extensions?.code).not.toBe("QUERY_TOO_DEEP");
  });
});

describe("#18 a deal close range that ends before it starts is a ValidationError", () => {
  it("as the quote list answers the same mistake, in the reader's language", async () => {
    const query = `query($f: OpportunityFilter) { opportunities(first: 5, filter: $f) { edges { cursor } } }`;
    const f = { closeFrom: "2026-12-31", closeTo: "2026-01-01" };
    const zh = await app.gql(manager, query, { f });
    expect(zh.errors?.[0]).toMatchObject({
      message: "输入有误：成交日期止不能早于成交日期起（2026-12-31）",
      extensions: { code: "ValidationError", fields: [{ path: ["filter", "closeTo"], code: "BEFORE_START" }] },
    });
    const en = await app.gql(english, query, { f });
    expect(en.errors?.[0].message).toBe("Invalid input: close to must not be before close from (2026-12-31)");
    for (const as of [rep, english]) expect((await app.gql(as, query, { f: { ...f, stalled: true } })).errors?.[0].extensions?.code).toBe("ValidationError");
  });
});

describe("#21 ids and cursors longer than any real one", () => {
  const long = (type: string, n = 5000) => encodeGlobalID(type, "A".repeat(n));

  it("node and the one-record queries answer null", async () => {
    for (const [field, type] of [["node", "Customer"], ["node", "Quote"], ["node", "User"], ["quote", "Quote"], ["customer", "Customer"], ["contract", "Contract"], ["opportunity", "Opportunity"]]) {
      const out = await app.gql(rep, `query($i: ID!) { ${field}(id: $i) { id } }`, { i: long(type, 2100) });
      expect(out.errors, `${field} ${type}`).toBeUndefined();
      expect(out.data[field]).toBeNull();
    }
    const many = await app.gql(rep, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [long("Customer"), long("Opportunity")] });
    expect(many).toMatchObject({ data: { nodes: [null, null] } });
  });

  it("in a filter they are unknown records (ValidationError), as any id the organization does not have", async () => {
    const byCustomer = await app.gql(rep, `query($c: ID) { quotes(first: 2, filter: { customerId: $c }) { edges { cursor } } }`, { c: long("Customer") });
    expect(byCustomer.errors?.[0].extensions).toMatchObject({ code: "ValidationError", fields: [{ path: ["filter", "customerId"], code: "UNKNOWN_CUSTOMER" }] });
    const byOwner = await app.gql(rep, `query($o: ID) { contracts(first: 2, filter: { ownerId: $o }) { edges { cursor } } }`, { o: long("User") });
    expect(byOwner.errors?.[0].extensions).toMatchObject({ code: "ValidationError", fields: [{ path: ["filter", "ownerId"], code: "UNKNOWN_USER" }] });
  });

  it.each(["quotes", "contracts", "customers", "opportunities", "products", "users"])("a cursor of 5,000 characters on %s is INVALID_CURSOR", async (list) => {
    for (const after of ["A".repeat(5000), Buffer.from(`2026-11-28T00:00:00.000Z#${"A".repeat(5000)}`).toString("base64url")]) {
      const out = await app.gql(rep, `query($a: String) { ${list}(first: 2, after: $a) { edges { cursor } } }`, { a: after });
      expect(out.errors?.[0].extensions).toMatchObject({ code: "ValidationError", fields: [{ path: ["after"], code: "INVALID_CURSOR" }] });
    }
  });
});

describe("#19 #20 Chinese messages name fields as people call them, with Chinese punctuation and no English", () => {
  const NO_RAW = /[A-Za-z]|\(|\)/;

  it("a malformed team or owner id in the funnel filter", async () => {
    const query = `query($f: FunnelFilter) { funnel(period: "2026", filter: $f) { winRate } }`;
    const team = await app.gql(manager, query, { f: { teamId: "junk" } });
    expect(team.errors?.[0]).toMatchObject({ message: "输入有误：团队编号无效", extensions: { fields: [{ path: ["filter", "teamId"], code: "INVALID_ID" }] } });
    const owner = await app.gql(manager, query, { f: { ownerId: "junk" } });
    expect(owner.errors?.[0].message).toBe("输入有误：负责人编号无效");
    expect((await app.gql(english, query, { f: { teamId: "junk" } })).errors?.[0].message).toBe("Invalid input: team is not a valid ID");
  });

  it("a deadline window that ends before it starts", async () => {
    const query = `query($f: SlaBreachFilter) { slaBreaches(first: 5, filter: $f) { edges { cursor } } }`;
    const f = { from: "2026-12-31T00:00:00Z", to: "2026-01-01T00:00:00Z" };
    const zh = await app.gql(manager, query, { f });
    expect(zh.errors?.[0]).toMatchObject({ message: "输入有误：结束时间不能早于开始时间", extensions: { fields: [{ path: ["filter", "to"], code: "BEFORE_START" }] } });
    expect((await app.gql(english, query, { f })).errors?.[0].message).toBe("Invalid input: end must not be before the start");
  });

  it("every problem of a quote's lines at once, each named in Chinese", async () => {
    const opportunityId = await newDeal(app, rep);
    const input = {
      opportunityId,
      extraDiscountFen: -5,
      lines: [
        { quantity: 1, unitPriceFen: -1, product: "阀门" , unit: "台" },
        { quantity: 1, unitPriceFen: 100, productId: "junk" },
      ],
    };
    const out = await app.ok(rep, `mutation($i: CreateQuoteInput!) { createQuote(input: $i) { __typename ... on Error { message } ... on ValidationError { fields { path code message } } } }`, { i: input });
    const res = out.createQuote;
    expect(res.__typename).toBe("ValidationError");
    const parts = res.message.replace(/^输入有误：/, "").split("；");
    expect(parts).toEqual(expect.arrayContaining([
      "明细行（第 1 项）单价须为大于0的整数（分）",
      "明细行（第 1 项）目录价不能为空（非目录产品须填写）",
      "额外折扣须为不小于0的整数（分）",
    ]));
    expect(parts.some((p: string) => p.startsWith("明细行（第 2 项）产品"))).toBe(true);
    for (const p of parts) expect(p, p).not.toMatch(NO_RAW);
  });
});

describe("#5 product search: every word, in any order, full-width folded", () => {
  it("finds a product by words of its code, name and spec in any order", async () => {
    const admin = await app.user({ name: "管理员", roles: ["ADMIN"] });
    const CREATE = `mutation($input: CreateProductInput!) { createProduct(input: $input) { __typename } }`;
    const valve = { listPriceFen: 100000, floorPriceFen: 80000, standardCostFen: 60000, unit: "台" };
    await app.ok(admin, CREATE, { input: { ...valve, code: "D371X-16Q-DN100", name: "对夹式蝶阀", spec: "DN100 PN16 EPDM" } });
    await app.ok(admin, CREATE, { input: { ...valve, code: "Q41F-16P-DN50", name: "不锈钢球阀", spec: "DN50" } });
    const codes = async (s: string) =>
      (await app.ok(rep, `query($s: String) { products(first: 50, filter: { search: $s }) { edges { node { code } } } }`, { s })).products.edges.map((e: any) => e.node.code);
    for (const s of ["蝶阀 DN100", "DN100 蝶阀", "epdm 蝶阀", "16q dn100", "D371X 16Q", "Ｄ３７１Ｘ", "ｄ３７１ｘ　ｅｐｄｍ"]) expect(await codes(s), s).toEqual(["D371X-16Q-DN100"]);
    for (const s of ["不锈钢 球阀", "球阀 不锈钢", "不锈钢  球阀"]) expect(await codes(s), s).toEqual(["Q41F-16P-DN50"]);
    expect(await codes("球阀 DN100")).toEqual([]);
  });
});

describe("#1 #2 #8 validation and variable errors: a code on each, the reader's language, no leftovers", () => {
  const cases: [string, string, Record<string, unknown> | undefined, string, string, string][] = [
    ["unknown field", "{ me { rolez } }", undefined, "GRAPHQL_VALIDATION_FAILED", "User 类型没有字段 rolez。", 'Cannot query field "rolez" on type "User".'],
    ["unknown argument", "{ me(x: 1) { name } }", undefined, "GRAPHQL_VALIDATION_FAILED", "字段 Query.me 没有参数 x。", 'Unknown argument "x" on field "Query.me".'],
    ["wrong enum value", "{ quotes(first: 5, filter: { status: FOO }) { edges { cursor } } }", undefined, "GRAPHQL_VALIDATION_FAILED", "FOO 不是 QuoteStatus 的可选值。", 'Value "FOO" does not exist in "QuoteStatus" enum.'],
    ["invalid Date literal", '{ quotes(first: 5, filter: { submittedFrom: "2026-02-30" }) { edges { cursor } } }', undefined, "BAD_USER_INPUT", "2026-02-30不是存在的日期（格式为 YYYY-MM-DD）。", "2026-02-30 is not a real calendar day (YYYY-MM-DD)."],
    ["invalid Date variable", "query($f: QuoteFilter) { quotes(first: 5, filter: $f) { edges { cursor } } }", { f: { submittedFrom: "2026-02-30" } }, "BAD_USER_INPUT",
      "变量 $f 的值无效（f.submittedFrom）：2026-02-30不是存在的日期（格式为 YYYY-MM-DD）。", 'Variable "$f" got an invalid value at "f.submittedFrom": 2026-02-30 is not a real calendar day (YYYY-MM-DD).'],
    ["invalid DateTime variable", "query($t: DateTime) { slaBreaches(first: 5, filter: { from: $t }) { edges { cursor } } }", { t: "2026-12-31" }, "BAD_USER_INPUT",
      "变量 $t 的值无效：2026-12-31不是有效的时间（ISO-8601，带时区，如 2026-11-23T10:00:00+08:00）。", 'Variable "$t" got an invalid value: 2026-12-31 is not a real ISO-8601 instant with its offset (e.g. 2026-11-23T02:00:00Z).'],
    ["wrong variable type", "query($s: String) { customers(first: 5, filter: { search: $s }) { edges { cursor } } }", { s: 5 }, "BAD_USER_INPUT", "变量 $s 的值无效：须为字符串。", 'Variable "$s" got an invalid value: String cannot represent a non string value.'],
    ["wrong enum in a variable", "query($f: QuoteFilter) { quotes(first: 5, filter: $f) { edges { cursor } } }", { f: { status: "NOPE" } }, "BAD_USER_INPUT",
      "变量 $f 的值无效（f.status）：NOPE 不是 QuoteStatus 的可选值。", 'Variable "$f" got an invalid value at "f.status": Value "NOPE" does not exist in "QuoteStatus" enum.'],
    ["unknown field in a variable", "query($f: QuoteFilter) { quotes(first: 5, filter: $f) { edges { cursor } } }", { f: { bogus: 1 } }, "BAD_USER_INPUT",
      "变量 $f 的值无效：QuoteFilter 没有字段 bogus。", 'Variable "$f" got an invalid value: Field "bogus" is not defined by type "QuoteFilter".'],
    ["fragment of an impossible type", '{ node(id: "x") { ... on WebhookDelivery { id } ... on User { name } } }', undefined, "GRAPHQL_VALIDATION_FAILED",
      "此处不能展开类型 WebhookDelivery 的片段：Node 类型的对象不可能是 WebhookDelivery。", 'Fragment cannot be spread here as objects of type "Node" can never be of type "WebhookDelivery".'],
    ["missing required variable", "query($n: Int!) { quotes(first: $n) { edges { cursor } } }", {}, "BAD_USER_INPUT", "缺少必填变量 $n（类型 Int!）。", 'Variable "$n" of required type "Int!" was not provided.'],
  ];

  it.each(cases)("%s", async (_, query, variables, code, zh, en) => {
    const z = await app.gql(rep, query, variables);
    expect(z.status).toBe(200);
    expect(z.errors?.[0]).toMatchObject({ message: zh, extensions: { code } });
    expect(z.errors?.[0].extensions).not.toHaveProperty("http");
    const e = await app.gql(english, query, variables);
    expect(e.errors?.[0]).toMatchObject({ message: en, extensions: { code } });
  });

  it("every error of a request carries a code, and none says [Suggestion hidden]", async () => {
    for (const [query, variables] of [["subscription { x }"], ["query($n: Int) { quotes(first: $n) { edges { cursor } } }", { n: "abc" }], ["{ me { nmae } }"]] as const) {
      const out = await app.gql(rep, query, variables as Record<string, unknown> | undefined);
      for (const e of out.errors ?? []) {
        expect(e.extensions?.code, e.message).toEqual(expect.any(String));
        expect(e.message).not.toMatch(/Suggestion hidden|Did you mean/);
      }
    }
  });

  it("#13 a deactivated account is refused in its own language", async () => {
    const gone = await app.user({ name: "离职", active: false });
    const zh = await app.gql(gone, "{ me { name } }");
    expect(zh.errors?.[0]).toMatchObject({ message: "账号不存在或已停用。", extensions: { code: "FORBIDDEN" } });
    const goneEn = await app.user({ name: "Gone", active: false, locale: "en" });
    expect((await app.gql(goneEn, "{ me { name } }")).errors?.[0].message).toBe("This account does not exist or is deactivated.");
  });

  it("#13 a syntax error is in the reader's language", async () => {
    const out = await app.gql(rep, "{ me { name }");
    expect(out.errors?.[0]).toMatchObject({ message: "查询语法有误（第 1 行第 14 列）。", extensions: { code: "GRAPHQL_PARSE_FAILED" } });
    expect((await app.gql(english, "{ me { name }")).errors?.[0].message).toBe("Syntax Error: Expected Name, found <EOF>.");
  });
});

describe("#17 #22 an id the organization does not have in a list filter is a ValidationError on every list", () => {
  const lists: [string, string, string, string][] = [
    ["customers by owner", "customers", "ownerId", "User"],
    ["deals by owner", "opportunities", "ownerId", "User"],
    ["deals by customer", "opportunities", "customerId", "Customer"],
    ["SLA breaches by owner", "slaBreaches", "ownerId", "User"],
  ];
  it.each(lists)("%s", async (_, list, field, type) => {
    const code = type === "User" ? "UNKNOWN_USER" : "UNKNOWN_CUSTOMER";
    const label = type === "User" ? "负责人" : "客户";
    for (const id of ["junk", encodeGlobalID(type, "01KZZZZZZZZZZZZZZZZZZZZZZZ"), encodeGlobalID("Quote", "01KZZZZZZZZZZZZZZZZZZZZZZZ")]) {
      const out = await app.gql(rep, `query($id: ID) { ${list}(first: 5, filter: { ${field}: $id }) { edges { cursor } } }`, { id });
      expect(out.errors?.[0], id).toMatchObject({ message: `输入有误：${label}不存在`, extensions: { code: "ValidationError", fields: [{ path: ["filter", field], code }] } });
    }
  });

  it("a real user outside the viewer's view is an empty list, not an error", async () => {
    const other = await app.user({ name: "别组" });
    for (const list of ["customers", "opportunities", "slaBreaches"]) {
      const out = await app.ok(rep, `query($id: ID) { ${list}(first: 5, filter: { ownerId: $id }) { edges { cursor } } }`, { id: encodeGlobalID("User", other.id) });
      expect(out[list].edges, list).toEqual([]);
    }
  });
});

describe("#12 customer search: punctuation only finds nothing, a +86 phone is found", () => {
  it("as the price book answers it, and ignoring the country code", async () => {
    const holder = await app.user({ name: "搜索员" });
    await app.ok(holder, CREATE_CUSTOMER, { input: customerInput({ name: "厦门水务集团有限公司", phone: "138-0025-6585" }) });
    const SEARCH = `query($s: String) { customers(first: 50, filter: { search: $s }) { edges { node { name } } } }`;
    const names = async (s: string) => (await app.ok(holder, SEARCH, { s })).customers.edges.map((e: any) => e.node.name);
    for (const s of ["%", "_", ".*"]) expect(await names(s), s).toEqual([]);
    for (const s of ["+86 13800256585", "0086-138-0025-6585", "13800256585", "＋８６ １３８００２５６５８５"]) expect(await names(s), s).toEqual(["厦门水务集团有限公司"]);
    expect((await names("")).length).toBe(1);
  });

  it("the directory search has the same 100-character limit", async () => {
    const out = await app.gql(rep, `query($s: String) { users(first: 2, filter: { search: $s }) { edges { cursor } } }`, { s: "x".repeat(5000) });
    expect(out.errors?.[0]).toMatchObject({ message: "输入有误：搜索词不能超过100个字符", extensions: { code: "ValidationError", fields: [{ path: ["filter", "search"], code: "TOO_LONG" }] } });
  });
});
