import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { ATTACH, GET, newDeal } from "../support/pipeline";

let app: TestApp;
let rep: User;

beforeAll(async () => {
  app = await testApp();
  await app.serve();
  rep = await app.user({ name: "陈刚" });
});

async function ticket(dealId: string, bytes: Buffer) {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const res = await app.ok(rep, ATTACH, {
    input: { opportunityId: dealId, kind: "REQUIREMENT_DOCUMENT", fileName: "需求说明.pdf", contentType: "application/pdf", size: bytes.length, sha256 },
  });
  const { url, headers, evidence } = res.attachEvidence;
  const put = (body: Buffer) =>
    fetch(url, { method: "PUT", headers: Object.fromEntries(headers.map((h: any) => [h.name, h.value])), body: new Uint8Array(body) });
  return { id: evidence.id as string, put };
}

const evidenceOf = async (dealId: string) => (await app.ok(rep, GET, { id: dealId })).opportunity;

describe("a one-time upload URL", () => {
  it("accepts exactly one upload: a second PUT of the same bytes is refused and the evidence stays as first uploaded", async () => {
    // Prepare
    const dealId = await newDeal(app, rep);
    const bytes = Buffer.from("%PDF-1.7 需求说明书 v1");
    const { id, put } = await ticket(dealId, bytes);
    expect((await put(bytes)).status).toBe(200);
    const first = await evidenceOf(dealId);

    // Act
    const again = await put(bytes);

    // Assess
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("already");
    const after = await evidenceOf(dealId);
    // The same evidence; its download link is signed afresh each time it is read (it may fall in another second).
    const unsigned = (list: any[]) => list.map(({ downloadUrl, ...rest }) => ({ ...rest, hasLink: !!downloadUrl }));
    expect(unsigned(after.evidence)).toEqual(unsigned(first.evidence));
    expect(after.evidence.find((e: any) => e.id === id).status).toBe("UPLOADED");
    expect(after.timeline.edges.filter((e: any) => e.node.kind === "EVIDENCE_ADDED")).toHaveLength(1);
  });

  it("lets one of two racing uploads through", async () => {
    const dealId = await newDeal(app, rep);
    const bytes = Buffer.from("%PDF-1.7 需求说明书 并发");
    const { put } = await ticket(dealId, bytes);
    const statuses = (await Promise.all([put(bytes), put(bytes), put(bytes)])).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409]);
    const after = await evidenceOf(dealId);
    expect(after.timeline.edges.filter((e: any) => e.node.kind === "EVIDENCE_ADDED")).toHaveLength(1);
  });

  it("stays usable after a refused body, until the right file has arrived once", async () => {
    const dealId = await newDeal(app, rep);
    const bytes = Buffer.from("%PDF-1.7 需求说明书 正确版本");
    const { put } = await ticket(dealId, bytes);
    expect((await put(Buffer.from("%PDF-1.7 需求说明书 错误版本"))).status).toBe(400);
    expect((await put(bytes)).status).toBe(200);
    expect((await put(bytes)).status).toBe(409);
    expect((await evidenceOf(dealId)).evidence[0].status).toBe("UPLOADED");
  });
});
