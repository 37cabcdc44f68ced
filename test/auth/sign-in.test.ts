import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { gid, testApp, type TestApp } from "../support/app";
import { countCalls } from "../support/calls";

let app: TestApp;
let admin: User;

const ORGANIZATION = `{ organization { version collectionEscalationDays } }`;
const UPDATE_ORGANIZATION = `mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename ... on Organization { version } } }`;

beforeAll(async () => {
  app = await testApp();
  admin = await app.user({ roles: ["ADMIN"] });
});

describe("signing in a returning user", () => {
  it("reads them and their organization's settings in one call, and shows settings changed since their last request", async () => {
    // Prepare: a first request, after which the process knows the admin's organization
    const before = (await app.ok(admin, ORGANIZATION)).organization;

    // Act: the settings change, then the admin reads them again
    const saved = await app.ok(admin, UPDATE_ORGANIZATION, { input: { expectedVersion: before.version, collectionEscalationDays: before.collectionEscalationDays + 3 } });
    expect(saved.updateOrganization.__typename).toBe("Organization");
    const { calls, data } = await countCalls(app, admin, ORGANIZATION, {});

    // Assess: one BatchGet (the user and the settings), and today's settings, not those of the last request
    expect(calls).toEqual({ BatchGetItemCommand: 1 });
    expect(data.organization).toEqual({ version: saved.updateOrganization.version, collectionEscalationDays: before.collectionEscalationDays + 3 });
  });

  it("refuses a returning user deactivated since their last request", async () => {
    const rep = await app.user({ name: "周敏" });
    expect((await app.gql(rep, `{ me { name } }`)).status).toBe(200);

    const off = await app.ok(admin, `mutation($input: UpdateUserInput!) { updateUser(input: $input) { __typename } }`, { input: { id: gid("User", rep.id), expectedVersion: 1, active: false } });
    expect(off.updateUser.__typename).toBe("User");

    expect((await app.gql(rep, `{ me { name } }`)).status).toBe(403);
  });
});
