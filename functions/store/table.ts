import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";

/**
 * The one definition of the table, used by infra/ (CDK) and by the local runner and tests.
 *
 * Access patterns:
 * | pattern                                   | where                                   |
 * | ----------------------------------------- | --------------------------------------- |
 * | entity by id (user, customer, org)        | table: pk = TYPE#id, sk = TYPE          |
 * | a customer's timeline, newest first       | table: pk = CUSTOMER#id, sk begins ACT# |
 * | uniqueness (email, credit code, name)     | table: pk = EMAIL#org#… / UNIQUE#org#…  |
 * | all customers / all users of an org       | byOrg: gsi1pk = org#CUSTOMER / org#USER |
 * | customers of one owner, or the pool       | byOwner: gsi2pk = org#OWNER#id / #POOL  |
 * | customers / deals of a manager's direct reports | byTeam: gsi6pk = org#TEAM#managerId#CUSTOMER / #OPPORTUNITY, sort key gsi2sk as byOwner (sparse: owned; store/team-keys.ts) |
 * | customers due to go back to the pool      | byDueTime: gsi3pk = RELEASE#shard, gsi3sk = O#org#tier#countdownStart#id (sparse; the sweep applies the current release days) |
 * | an opportunity, its evidence and timeline | table: pk = OPP#id                      |
 * | opportunities of an org / an owner        | byOrg / byOwner: sk = closeOn#id        |
 * | a customer's opportunities                | byParent: gsi4pk = CUSTOMER#id#OPPORTUNITY |
 * | a page of customers' opportunities        | table: pk = CUSTOMER#id, sk = DEALS (id set; one BatchGetItem for the page, store/customer-deals.ts) |
 * | open opportunities by stage, oldest entry | byStage: gsi5pk = org#STAGE#stage, gsi5sk = enteredAt#id (sparse: open only) |
 * | pipeline totals of a month, per owner     | table: pk = AGG#org#month (forecast, funnel)|
 * | a quote, its revisions and timeline       | table: pk = QUOTE#id                    |
 * | the price book of an org, by code         | byOrg: gsi1pk = org#PRODUCT, gsi1sk = code |
 * | a product and its timeline; its code      | table: pk = PRODUCT#id; UNIQUE#org#PRODUCT#code |
 * | an approval request and its steps         | table: pk = APPROVAL#id (request + STEP#… in one query) |
 * | approval link → its assignment            | table: pk = LINK#sha256(link id) (TTL: 90 days after the link expires) |
 * | an approver's open approvals (inbox)      | byOwner: gsi2pk = org#INBOX#userId, gsi2sk = deadline (sparse; cleared after the step closes, the read skips closed steps meanwhile) |
 * | closed steps whose inboxes are not cleared | byDueTime: gsi3pk = INBOX_CLEANUP (marker pk = APPROVAL#id, sk = CLEANUP#step) |
 * | decisions the workflow was not told of    | byDueTime: gsi3pk = RESUME, gsi3sk = decidedAt (sparse) |
 * | approvals still running (re-drive, start) | byDueTime: gsi3pk = APPROVALS_PENDING, gsi3sk = createdAt (sparse) |
 * | approvals whose execution failed (re-drive) | byDueTime: gsi3pk = APPROVALS_FAILED, gsi3sk = failedAt#id (sparse; instead of PENDING) |
 * | an opportunity's quotes and contracts     | byParent: gsi4pk = OPP#id#QUOTE / #CONTRACT |
 * | a page of deals' quotes, contracts, evidence | table: pk = OPP#id, sk = CHILDREN (id sets; one BatchGetItem for the page, store/deal-children.ts) |
 * | quotes / contracts of an org, an owner, a customer, newest created first | byOrg org#QUOTE / org#CONTRACT; byOwner org#QUOTE_OWNER#userId / …; byStage CUSTOMER#id#QUOTE / …; sk = createdAt#id (store/deal-lists.ts; older items filed once: pk = BACKFILL#DEAL_LISTS#org) |
 * | a quote's approval requests               | byParent: gsi4pk = QUOTE#id#APPROVAL    |
 * | a quote send by SES's message id (events) | byParent: gsi4pk = SESMSG#messageId (sparse: sent sends) |
 * | a staff email by SES's message id (events) | byParent: gsi4pk = OUTBOXMSG#messageId (sparse: sent outbox emails) |
 * | sent quotes awaiting an answer (follow-up) | byDueTime: gsi3pk = QUOTE_FOLLOW_UP#shard, gsi3sk = O#org#sentAt#sendId (sparse; left once reminded or answered) |
 * | quotes first sent in a month (acceptance rate) | byOrg: gsi1pk = org#QUOTES_SENT#month, gsi1sk = sentAt#quoteId (marker pk = QUOTE#id, sk = FIRSTSEND) |
 * | quote view tracking (visits, engagement, staff addresses) | see store/quote-visits.ts: QTOKEN#, QVISIT#, QVIEW#…LANE#, QUOTE#id ENGAGEMENT, byParent QUOTE#id#VISIT#kind, STAFFIP# (TTL) |
 * | work orders: all / an assignee's open or done / a creator's / a customer's / a department's | byOrg / byOwner / byDueTime / byParent / byStage, sk = createdAt#id (see store/work-orders.ts) |
 * | a signed contract's instalments and ledger | table: pk = CONTRACT#id, sk = INST#nn / LEDGER (store/instalments.ts) |
 * | an org's instalments, open / paid, by due date | byOrg: gsi1pk = org#INSTALMENT#OPEN / #PAID, gsi1sk = dueOn#id (receivables, collections due) |
 * | an owner's open instalments by due date   | byOwner: gsi2pk = org#OPEN_INSTALMENT#ownerId (sparse: unpaid; digests) |
 * | invoices / payments, unique per org       | table: pk = INVOICE#org#number / PAYMENT#org#reference; byParent gsi4pk = CONTRACT#id#INVOICE / #PAYMENT |
 * | follow-up SLA breaches of a deal / an org / an owner, by deadline | table: pk = SLA#oppId, sk = BREACH#deadline; byOrg org#SLA_BREACH; byOwner org#SLA_OWNER#ownerId (store/sla-breaches.ts) |
 * | stage jobs given to an org's older deals (once) | table: pk = BACKFILL#STAGE_JOBS#org (marker; store/sla-stays.ts reads byStage) |
 * | emails sent (once each)                   | table: pk = OUTBOX#email id (no text, no link: the link's hash; TTL: 90 days after sending) |
 * | emails never sent (delivery problems)     | byOrg: gsi1pk = org#DELIVERY_PROBLEM, gsi1sk = failedAt#emailId (sparse: FAILED only) |
 * | spreadsheet imports of an org, newest first | byOrg: gsi1pk = org#IMPORT, gsi1sk = id (item pk = IMPORT#id; store/imports.ts) |
 * | forecast snapshot taken at a month start  | table: pk = SNAP#org#month              |
 * | an idempotency key as used (per org and caller) | table: pk = IDEMKEY#org#userId#sha256(key) (TTL: 24 h; written in the effect's transaction, store/idempotency-keys.ts) |
 * | targets of a period                       | table: pk = TARGET#org#period           |
 *
 * TTL: items with a `ttl` attribute (epoch seconds, see store/ttl.ts) are deleted by DynamoDB some
 * time after it passes (infra sets the table's TTL attribute; DynamoDB Local ignores it).
 */
export const TABLE_KEYS = { partitionKey: "pk", sortKey: "sk" } as const;

export const INDEXES = {
  byOrg: { partitionKey: "gsi1pk", sortKey: "gsi1sk" },
  byOwner: { partitionKey: "gsi2pk", sortKey: "gsi2sk" },
  byDueTime: { partitionKey: "gsi3pk", sortKey: "gsi3sk" },
  byParent: { partitionKey: "gsi4pk", sortKey: "gsi4sk" },
  byStage: { partitionKey: "gsi5pk", sortKey: "gsi5sk" },
  // Shares byOwner's sort key, so a manager's page merges their own partition with their team's.
  byTeam: { partitionKey: "gsi6pk", sortKey: "gsi2sk" },
} as const;

export type IndexName = keyof typeof INDEXES;

/**
 * Creates the table when it is missing (local runner, tests, bench), and adds indexes a newer
 * version defines to a table kept under .data/ by an older one. AWS gets all of this from CDK.
 */
export async function ensureTable(db: { region: string; endpoint?: string }, tableName: string): Promise<void> {
  // The SDK's client, loaded only here: the Lambdas never create tables and need not load it.
  const sdk = await import("@aws-sdk/client-dynamodb");
  const client = new sdk.DynamoDBClient({
    region: db.region,
    ...(db.endpoint ? { endpoint: db.endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {}),
  });
  try {
    await createOrUpdate(client, tableName, sdk);
  } finally {
    client.destroy();
  }
}

async function createOrUpdate(client: DynamoDBClient, tableName: string, sdk: typeof import("@aws-sdk/client-dynamodb")): Promise<void> {
  const { CreateTableCommand, DescribeTableCommand, UpdateTableCommand } = sdk;
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const have = new Set((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
    for (const [name, k] of Object.entries(INDEXES)) {
      if (have.has(name)) continue;
      await client.send(
        new UpdateTableCommand({
          TableName: tableName,
          AttributeDefinitions: [...new Set([k.partitionKey, k.sortKey])].map((a) => ({ AttributeName: a, AttributeType: "S" })),
          GlobalSecondaryIndexUpdates: [{ Create: { IndexName: name, KeySchema: gsiKeys(k), Projection: { ProjectionType: "ALL" } } }],
        }),
      );
    }
    return;
  } catch (error) {
    if ((error as Error).name !== "ResourceNotFoundException") throw error;
  }
  const keyAttributes = [...new Set([TABLE_KEYS, ...Object.values(INDEXES)].flatMap((k) => [k.partitionKey, k.sortKey]))];
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: keyAttributes.map((name) => ({ AttributeName: name, AttributeType: "S" })),
        KeySchema: [
          { AttributeName: TABLE_KEYS.partitionKey, KeyType: "HASH" },
          { AttributeName: TABLE_KEYS.sortKey, KeyType: "RANGE" },
        ],
        GlobalSecondaryIndexes: Object.entries(INDEXES).map(([name, k]) => ({
          IndexName: name,
          KeySchema: gsiKeys(k),
          Projection: { ProjectionType: "ALL" },
        })),
      }),
    );
  } catch (error) {
    if ((error as Error).name !== "ResourceInUseException") throw error;
  }
}

function gsiKeys(k: { partitionKey: string; sortKey: string }) {
  return [
    { AttributeName: k.partitionKey, KeyType: "HASH" as const },
    { AttributeName: k.sortKey, KeyType: "RANGE" as const },
  ];
}
