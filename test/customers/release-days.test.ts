import { GetCommand, PutCommand } from "../../functions/store/dynamo";
import { decodeGlobalID } from "@pothos/plugin-relay";
import { beforeAll, describe, expect, it } from "vitest";
import { key, partition, releaseShardOf } from "../../functions/store/keys";
import { releaseDueCustomers } from "../../functions/core/customer";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { heldBy } from "../support/fixtures";

let app: TestApp;
let admin: User;
let rep: User;

const CUSTOMER = `query($id: ID!) { customer(id: $id) { inPool releaseAt timeline(first: 1) { edges { node { kind summary } } } } }`;
const SET_DAYS = `mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename ... on Organization { version } } }`;

beforeAll(async () => {
  app = await testApp();
  admin = await app.user({ roles: ["ADMIN"] });
  rep = await app.user({ name: "李娜" });
});

const heldCustomer = (tier: "A" | "B" | "C") => heldBy(app, rep, tier);

async function setReleaseDays(days: Record<string, number>) {
  const { organization } = await app.ok(admin, `{ organization { version } }`);
  const res = await app.ok(admin, SET_DAYS, { input: { expectedVersion: organization.version, releaseDays: days } });
  expect(res.updateOrganization.__typename).toBe("Organization");
}

const view = async (id: string) => (await app.ok(admin, CUSTOMER, { id })).customer;

describe("changing release days applies to customers already held", () => {
  it("never releases customers of a tier set to 0, and says they have no release time", async () => {
    // Prepare: held under A = 14 days
    app.clock.set("2026-11-23T02:00:00Z");
    const id = await heldCustomer("A");
    expect((await view(id)).releaseAt).toBe("2026-12-07T16:00:00.000Z");

    // Act
    await setReleaseDays({ A: 0 });
    app.clock.set("2027-03-01T00:00:00Z");
    const scansBefore = app.db.stats.byCommand.ScanCommand ?? 0;
    await releaseDueCustomers(app.deps);

    // Assess
    expect(await view(id)).toMatchObject({ inPool: false, releaseAt: null });
    expect((await view(id)).timeline.edges[0].node.kind).toBe("CREATED");
    expect(app.db.stats.byCommand.ScanCommand ?? 0).toBe(scansBefore);
    await setReleaseDays({ A: 14 });
  });

  it("keeps a customer longer when its tier's days are raised, and names the new days when it goes", async () => {
    app.clock.set("2026-11-23T02:00:00Z");
    const id = await heldCustomer("C"); // 7 days → 2026-12-01 00:00 Shanghai
    await setReleaseDays({ C: 10 });
    expect((await view(id)).releaseAt).toBe("2026-12-03T16:00:00.000Z"); // 11-23 + 10 → 12-04 00:00

    app.clock.set("2026-12-01T00:00:00Z"); // past the old time
    await releaseDueCustomers(app.deps);
    expect((await view(id)).inPool).toBe(false);

    app.clock.set("2026-12-03T16:00:00Z");
    await releaseDueCustomers(app.deps);
    const released = await view(id);
    expect(released.inPool).toBe(true);
    expect(released.timeline.edges[0].node.summary).toBe("超过10天未跟进，自动退回公海（原负责人：李娜）");
    await setReleaseDays({ C: 7 });
  });

  it("releases sooner when its tier's days are lowered", async () => {
    app.clock.set("2026-11-23T02:00:00Z");
    const id = await heldCustomer("B"); // 10 days → 2026-12-04 00:00 Shanghai
    await setReleaseDays({ B: 3 });
    expect((await view(id)).releaseAt).toBe("2026-11-26T16:00:00.000Z");

    app.clock.set("2026-11-26T16:00:00Z");
    await releaseDueCustomers(app.deps);
    expect((await view(id)).inPool).toBe(true);
    await setReleaseDays({ B: 10 });
  });

  it("brings back the countdown of a tier turned on again, from the last follow-up", async () => {
    await setReleaseDays({ A: 0 });
    app.clock.set("2026-11-23T02:00:00Z");
    const id = await heldCustomer("A");
    expect((await view(id)).releaseAt).toBeNull();
    await setReleaseDays({ A: 5 });
    expect((await view(id)).releaseAt).toBe("2026-11-28T16:00:00.000Z");
    app.clock.set("2026-11-28T16:00:00Z");
    await releaseDueCustomers(app.deps);
    expect((await view(id)).inPool).toBe(true);
    await setReleaseDays({ A: 14 });
  });

  it("re-files customers indexed by their old release time, releasing only those due under the current days", async () => {
    // Prepare: two held C customers whose index entries were written the old way (by release time)
    app.clock.set("2026-11-23T02:00:00Z");
    const [due, notDue] = [await heldCustomer("C"), await heldCustomer("C")];
    const stored = (id: string) => key.customer(decodeGlobalID(id).id);
    const legacy = async (id: string, releaseAt: string) => {
      const local = decodeGlobalID(id).id;
      const { Item } = await app.db.doc.send(new GetCommand({ TableName: app.db.table, Key: stored(id) }));
      const gsi3sk = `${releaseAt}#${local}`;
      await app.db.doc.send(new PutCommand({ TableName: app.db.table, Item: { ...Item, releaseAt, gsi3pk: partition.releaseShard(releaseShardOf(local)), gsi3sk } }));
    };
    await legacy(due, "2026-11-30T16:00:00.000Z");
    await legacy(notDue, "2026-11-30T16:00:00.000Z");
    await setReleaseDays({ C: 20 });

    // Act: the old release time has passed, the new one (11-23 + 20) has not
    app.clock.set("2026-12-02T00:00:00Z");
    await releaseDueCustomers(app.deps);

    // Assess: nothing released early; both now sit in the index by countdown start and go when due
    expect((await view(due)).inPool).toBe(false);
    const { Item } = await app.db.doc.send(new GetCommand({ TableName: app.db.table, Key: stored(due) }));
    expect(Item?.gsi3sk).toMatch(/^O#/);
    expect(Item?.releaseAt).toBeUndefined();
    app.clock.set("2026-12-13T16:00:00Z");
    await releaseDueCustomers(app.deps);
    expect((await view(due)).inPool).toBe(true);
    expect((await view(notDue)).inPool).toBe(true);
    await setReleaseDays({ C: 7 });
  });
});
