import { describe, expect, it } from "vitest";
import { testApp } from "../support/app";

const CREATE = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { __typename ... on WebhookWithSecret { webhook { id version } } } }`;
const UPDATE = `mutation($input: UpdateWebhookInput!) { updateWebhook(input: $input) { __typename ... on Webhook { version } } }`;
const ROTATE = `mutation($id: ID!, $v: Int!) { rotateWebhookSecret(id: $id, expectedVersion: $v) { __typename ... on WebhookWithSecret { webhook { version } } } }`;
const DELETE = `mutation($id: ID!) { deleteWebhook(id: $id) { __typename } }`;

describe("who pointed the organization's events where", () => {
  it("puts each endpoint's creation, change, new secret and deletion on the organization's timeline, naming the admin and the URL without its query", async () => {
    // Prepare
    const app = await testApp();
    app.deps.config.webhookTargets = "LOCAL";
    const admin = await app.user({ name: "管理员", roles: ["ADMIN"] });

    // Act
    const made = (await app.ok(admin, CREATE, { input: { url: "http://127.0.0.1:9/hooks?token=partner-secret", events: ["CUSTOMER_CREATED"] } })).createWebhook.webhook;
    const updated = (await app.ok(admin, UPDATE, { input: { id: made.id, expectedVersion: made.version, events: ["CUSTOMER_CREATED", "PAYMENT_RECORDED"] } })).updateWebhook;
    const rotated = (await app.ok(admin, ROTATE, { id: made.id, v: updated.version })).rotateWebhookSecret;
    expect(rotated.__typename).toBe("WebhookWithSecret");
    expect((await app.ok(admin, DELETE, { id: made.id })).deleteWebhook.__typename).toBe("Webhook");

    // Assess: four entries, newest first, by the admin; no token from the URL's query anywhere.
    const timeline = await app.deps.store.activities.page({ type: "ORGANIZATION", id: app.orgId }, admin.id, { first: 10 });
    const entries = timeline.items.filter((a) => a.kind === "WEBHOOK_CHANGED");
    expect(entries.map((a) => a.decision)).toEqual(["DELETED", "SECRET_ROTATED", "UPDATED", "CREATED"]);
    expect(entries.every((a) => a.actorId === admin.id && a.note === "http://127.0.0.1:9/hooks")).toBe(true);
    expect(JSON.stringify(timeline.items)).not.toContain("partner-secret");
  });
});
