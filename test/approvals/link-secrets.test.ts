import { ScanCommand, UpdateCommand } from "../../functions/store/dynamo";
import { inject } from "vitest";
import { beforeAll, describe, expect, it } from "vitest";
import { askApprovers } from "../../functions/core/approval/notify";
import type { User } from "../../functions/core/user";
import { localId } from "../../schema/ids";
import { testApp, type TestApp } from "../support/app";
import { approvalTeam, emailAbout, GET_QUOTE, linkIn, openLink, press, quoteFor, type SentEmail, SUBMIT, waitUntil } from "../support/approvals";

let app: TestApp;
let manager: User;
let rep: User;
let finance: User;

/** 20% discount, 12.5% margin: regional manager, then finance, then the GM. */
const THREE_LEVELS = { list: 100_000, unit: 80_000, cost: 70_000 };
const DAY_S = 86_400;

const scanTable = async () => {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await app.db.doc.send(new ScanCommand({ TableName: app.db.table, ExclusiveStartKey: startKey }));
    items.push(...(out.Items ?? []));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return items;
};
const allEmails = async () => ((await (await fetch(`${inject("sesEndpoint")}/store`)).json()) as { emails: SentEmail[] }).emails;
const linkIdsIn = (emails: SentEmail[]) => emails.flatMap((e) => [...`${e.body.text} ${e.body.html}`.matchAll(/\/approvals\/([A-Za-z0-9_-]{43})/g)].map((m) => m[1]));

beforeAll(async () => {
  app = await testApp();
  ({ manager, rep, finance } = await approvalTeam(app));
  await app.user({ name: "钱敏", roles: ["FINANCE"], locale: "en" });
});

describe("approval links are secrets the table does not hold", () => {
  it("keeps no link id anywhere in the table once approval emails are sent, only hashes; outbox and link items expire", async () => {
    // Prepare: the manager approves by link, so finance gets emails too
    const { id, number } = await quoteFor(app, rep, THREE_LEVELS);
    await app.ok(rep, SUBMIT, { id });
    await press(linkIn(await emailAbout(manager.email, number)), "APPROVE");
    await emailAbout(finance.email, number);
    const sentApprovalEmails = async () => (await scanTable()).filter((i) => i._type === "Outbox" && (i.id as string).startsWith("approval:") && i.status === "SENT").length;
    await waitUntil(async () => (await sentApprovalEmails()) === 3); // the manager, then both in finance

    // Act: read every item of the table, as anyone with read access (or a backup) could
    const items = await scanTable();
    const dump = JSON.stringify(items);

    // Assess: every link mailed is absent from the table, and no item holds a rendered email
    const ids = linkIdsIn((await allEmails()).filter((e) => e.subject.includes(number)));
    expect(ids.length).toBeGreaterThanOrEqual(3);
    for (const linkId of ids) expect(dump).not.toContain(linkId);
    expect(dump).not.toContain("/approvals/");
    const outbox = items.filter((i) => i._type === "Outbox" && (i.id as string).startsWith("approval:"));
    expect(outbox.length).toBeGreaterThanOrEqual(3);
    for (const o of outbox) {
      expect(o).not.toHaveProperty("html");
      expect(o).not.toHaveProperty("text");
      expect(o).toMatchObject({ status: "SENT", kind: "APPROVAL_REQUEST", linkHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      // TTL: 90 days after sending, in epoch seconds
      expect(o.ttl).toBe(Math.floor(Date.parse(o.sentAt as string) / 1000) + 90 * DAY_S);
    }
    const links = items.filter((i) => i._type === "ApprovalAssignment");
    expect(links.length).toBe(outbox.length);
    for (const l of links) expect(l.ttl).toBe(Math.floor(Date.parse(l.expiresAt as string) / 1000) + 90 * DAY_S);
  });

  it("sends a fresh link when an email a crash left unconfirmed is sent again; the first link then opens nothing", async () => {
    // Prepare: the manager's email went out, but its sender stopped before recording that it did
    const { id, number } = await quoteFor(app, rep, THREE_LEVELS);
    await app.ok(rep, SUBMIT, { id });
    const first = await emailAbout(manager.email, number);
    const request = (await app.deps.store.approvals.forSubject("QUOTE", localId(id, "Quote")!))[0];
    await waitUntil(async () => (await scanTable()).some((i) => i._type === "Outbox" && (i.id as string).includes(request.id) && i.status === "SENT"));
    const data = (await app.deps.store.approvals.load(request.id))!;
    const users = new Map((await app.deps.store.users.listByOrg(app.orgId)).map((u) => [u.id, u]));
    await app.db.doc.send(
      new UpdateCommand({
        TableName: app.db.table,
        Key: { pk: `OUTBOX#approval:${request.id}:${data.steps[0].key}:${manager.id}`, sk: "OUTBOX" },
        UpdateExpression: "SET #s = :s, sentAt = :null",
        ExpressionAttributeNames: { "#s": "status" },
        ExpressionAttributeValues: { ":s": "SENDING", ":null": null },
      }),
    );
    const toManager = async () => (await allEmails()).filter((e) => e.subject.includes(number) && e.destination.to.includes(manager.email));
    await askApprovers(app.deps, data.request, data.steps[0], data.steps, users); // a moment later: maybe still sending, left alone
    expect(await toManager()).toHaveLength(1);

    // Act: a minute later the task runs again and takes the email over
    app.clock.advance(61_000);
    await askApprovers(app.deps, data.request, data.steps[0], data.steps, users);

    // Assess: a second email with a new link that works; the first link is dead; still no link id stored
    await waitUntil(async () => (await toManager()).length === 2);
    const second = (await toManager())[1];
    expect(linkIn(second)).not.toBe(linkIn(first));
    expect((await openLink(linkIn(first))).status).toBe(404);
    expect((await openLink(linkIn(second))).html).toContain("区域经理审批");
    const dump = JSON.stringify(await scanTable());
    for (const linkId of linkIdsIn([first, second])) expect(dump).not.toContain(linkId);
    expect((await press(linkIn(second), "APPROVE")).html).toContain("已记录您的决定");
    await waitUntil(async () => (await app.ok(rep, GET_QUOTE, { id })).quote.approvals[0].steps.length === 2);
  });
});
