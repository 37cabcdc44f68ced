import { beforeAll, describe, expect, it } from "vitest";
import { MAX_ATTEMPTS } from "../../functions/core/mail";
import { runScheduledJobs } from "../../functions/core/scheduled";
import type { User } from "../../functions/core/user";
import { LocalWorkflowEngine } from "../../functions/workflow/local-engine";
import { testApp, type TestApp } from "../support/app";
import { approvalTeam, GET_QUOTE, mailbox, quoteFor, SUBMIT, waitUntil } from "../support/approvals";

/** An approval email SES never takes: the task is retried (Step Functions, then the sweep), then the email is FAILED, shown to ADMIN, and the approval waits. */
let app: TestApp;
let admin: User;
let manager: User;
let rep: User;
let workflows: LocalWorkflowEngine;
let refused = 0;

const problems = async () =>
  (await app.ok(admin, `{ deliveryProblems { edges { node { kind to subjectType attempts lastError } } } }`)).deliveryProblems.edges.map((e: any) => e.node);
const ONE_LEVEL = { list: 100_000, unit: 90_000, cost: 63_000 }; // the regional manager approves

beforeAll(async () => {
  app = await testApp();
  ({ manager, rep } = await approvalTeam(app));
  admin = await app.user({ name: "系统管理员", roles: ["ADMIN"] });
  // The ASL's retry intervals are seconds apart; this run waits 5 ms between retries instead.
  workflows = new LocalWorkflowEngine({ retryIntervalMs: 5 });
  workflows.attach(app.deps);
  app.deps.workflows = workflows;
  const real = app.deps.mail;
  app.deps.mail = {
    send: async (m) => {
      if (m.to === manager.email) {
        refused++;
        throw Object.assign(new Error("Address blacklisted."), { name: "MessageRejected" });
      }
      return real.send(m);
    },
    sendRaw: (m) => real.sendRaw(m),
  };
});

describe("an approval email SES never takes", () => {
  it("makes the task fail and retry until its last attempt, then is FAILED and shown to ADMIN while the approval waits", async () => {
    // Act: submitted; the task's retries run out and the execution fails; the next sweep re-drives it
    const { id } = await quoteFor(app, rep, ONE_LEVEL);
    await app.ok(rep, SUBMIT, { id });
    await workflows.idle();
    const triedFirst = refused;
    app.clock.advance(5 * 60_000);
    await runScheduledJobs(app.deps);
    // The re-driven execution now waits for the manager's decision (it does not end): wait for the problem to show.
    await waitUntil(async () => (await problems()).length > 0);

    // Assess: the email was tried as often as allowed (the first execution's attempts and the re-driven one), never more
    expect(triedFirst).toBeGreaterThan(1);
    expect(triedFirst).toBeLessThan(MAX_ATTEMPTS);
    expect(refused).toBe(MAX_ATTEMPTS);
    expect(await mailbox(manager.email)).toHaveLength(0);
    const quote = (await app.ok(rep, GET_QUOTE, { id })).quote;
    expect(quote.status).toBe("PENDING_APPROVAL");
    expect(await problems()).toEqual([
      { kind: "APPROVAL_REQUEST", to: manager.email, subjectType: "QUOTE", attempts: MAX_ATTEMPTS, lastError: "MessageRejected: Address blacklisted." },
    ]);

    // Act: later sweeps
    app.clock.advance(60 * 60_000);
    const later = await runScheduledJobs(app.deps);

    // Assess: the approval is running (waiting on the manager's decision), not failed, and nothing more is tried
    expect(later.approvals).toMatchObject({ failed: 0, redriven: 0 });
    expect(refused).toBe(MAX_ATTEMPTS);
    expect((await app.ok(rep, GET_QUOTE, { id })).quote.status).toBe("PENDING_APPROVAL");
  });
});
