import { beforeAll, describe, expect, it } from "vitest";
import { ExecutionClosedError } from "../../functions/core/approval/engine";
import { runScheduledJobs } from "../../functions/core/scheduled";
import type { User } from "../../functions/core/user";
import { LocalWorkflowEngine } from "../../functions/workflow/local-engine";
import { testApp, type TestApp } from "../support/app";
import { approvalTeam, emailAbout, GET_QUOTE, linkIn, mailbox, press, quoteFor, SUBMIT, waitUntil } from "../support/approvals";

let app: TestApp;
let manager: User;
let rep: User;
let finance: User;
let workflows: LocalWorkflowEngine;

const TWO_LEVELS = { list: 100_000, unit: 90_000, cost: 80_000 }; // manager, then finance
const status = async (id: string) => (await app.ok(rep, GET_QUOTE, { id })).quote;
const localId = (globalId: string) => Buffer.from(globalId, "base64").toString("utf8").split(":")[1];
const requestOf = async (quoteId: string) => (await app.deps.store.quotes.getMany([localId(quoteId)]))[0]!.approvalRequestId!;

/**
 * DynamoDB throttles the wait task's write (a throttle that outlasts the task's retries) until the
 * returned function is called. Only the workflow's AwaitDecision task makes this write.
 */
function throttleWaits() {
  const approvals = app.deps.store.approvals;
  const setToken = approvals.setToken.bind(approvals);
  approvals.setToken = async () => {
    const e = new Error("injected: The level of configured provisioned throughput for the table was exceeded");
    e.name = "ProvisionedThroughputExceededException";
    throw e;
  };
  return () => {
    approvals.setToken = setToken;
  };
}

beforeAll(async () => {
  app = await testApp();
  ({ manager, rep, finance } = await approvalTeam(app));
  // The ASL's retry intervals are seconds apart; this run waits 5 ms between retries instead.
  workflows = new LocalWorkflowEngine({ retryIntervalMs: 5 });
  workflows.attach(app.deps);
  app.deps.workflows = workflows;
});

describe("recovery from failed executions", () => {
  it("refuses a second start of an execution that has ended, as Step Functions does for 90 days", async () => {
    // Prepare: an approval that ran to its end (withdrawn)
    const { id, number } = await quoteFor(app, rep, TWO_LEVELS);
    await app.ok(rep, SUBMIT, { id });
    await emailAbout(manager.email, number);
    const requestId = await requestOf(id);
    await app.ok(rep, `mutation($id: ID!) { withdrawQuote(id: $id) { __typename } }`, { id });
    await workflows.idle();

    // Act & Assess: the same name again is refused (the scheduled job then re-drives under the next attempt)
    await expect(workflows.startApproval(requestId, 0)).rejects.toBeInstanceOf(ExecutionClosedError);
  });

  it("retries a task through a short SES throttle: the approver gets the email and nothing is recorded as failed", async () => {
    // Prepare: SES refuses the first two sends
    const { id, number } = await quoteFor(app, rep, TWO_LEVELS);
    const send = app.deps.mail.send.bind(app.deps.mail);
    let refused = 0;
    app.deps.mail.send = async (m) => {
      if (refused < 2) {
        refused++;
        const e = new Error("injected: Maximum sending rate exceeded");
        e.name = "TooManyRequestsException";
        throw e;
      }
      return send(m);
    };

    // Act
    try {
      await app.ok(rep, SUBMIT, { id });
      await emailAbout(manager.email, number);
    } finally {
      app.deps.mail.send = send;
    }

    // Assess
    expect(refused).toBe(2);
    expect((await app.deps.store.approvals.load(await requestOf(id)))!.request.failure ?? null).toBeNull();
    expect((await press(linkIn(await emailAbout(manager.email, number)), "APPROVE")).html).toContain("已记录您的决定");
    await press(linkIn(await emailAbout(finance.email, number)), "APPROVE");
    await emailAbout(rep.email, number, "已批准");
    expect((await mailbox(manager.email)).filter((e) => e.subject.includes(number))).toHaveLength(1);
  });

  it("records a task that fails past its retries, and the scheduled job re-drives it under a new name until the approval completes", async () => {
    // Prepare: DynamoDB throttles for longer than the task retries
    const { id, number } = await quoteFor(app, rep, TWO_LEVELS);
    const restore = throttleWaits();
    try {
      await app.ok(rep, SUBMIT, { id });
      await workflows.idle(); // the execution failed after its retries, and ended
    } finally {
      restore();
    }
    const requestId = await requestOf(id);
    const failed = (await app.deps.store.approvals.load(requestId))!.request;
    expect(failed.failure).toMatchObject({ error: "ProvisionedThroughputExceededException", attempt: 0 });
    expect((await mailbox(manager.email)).some((e) => e.subject.includes(number))).toBe(false);
    expect((await status(id)).status).toBe("PENDING_APPROVAL");

    // Act: the next sweep, minutes later
    app.clock.advance(5 * 60_000);
    const jobs = await runScheduledJobs(app.deps);

    // Assess: re-driven from the stored state under attempt 1, and the approval runs to its end
    expect(jobs.approvals).toMatchObject({ redriven: 1 });
    const redriven = (await app.deps.store.approvals.load(requestId))!.request;
    expect(redriven).toMatchObject({ executionAttempt: 1, failure: null });
    expect((await press(linkIn(await emailAbout(manager.email, number)), "APPROVE")).html).toContain("已记录您的决定");
    expect((await press(linkIn(await emailAbout(finance.email, number)), "APPROVE")).html).toContain("已记录您的决定");
    await emailAbout(rep.email, number, "已批准");
    await waitUntil(async () => (await status(id)).status === "APPROVED");
    expect((await mailbox(manager.email)).filter((e) => e.subject.includes(number))).toHaveLength(1);
  });

  it("re-drives an approval whose last task failed after the outcome was decided: the quote takes it and the rep is told", async () => {
    // Prepare: both levels approve; reading the quote's revision throttles while the workflow finishes
    const { id, number } = await quoteFor(app, rep, TWO_LEVELS);
    await app.ok(rep, SUBMIT, { id });
    await press(linkIn(await emailAbout(manager.email, number)), "APPROVE");
    const financeLink = linkIn(await emailAbout(finance.email, number));
    const quotes = app.deps.store.quotes;
    const getRevision = quotes.getRevision.bind(quotes);
    quotes.getRevision = async () => {
      const e = new Error("injected: Rate exceeded");
      e.name = "ThrottlingException";
      throw e;
    };
    try {
      await press(financeLink, "APPROVE");
      await workflows.idle();
    } finally {
      quotes.getRevision = getRevision;
    }
    const requestId = await requestOf(id);
    expect((await app.deps.store.approvals.load(requestId))!.request).toMatchObject({ status: "APPROVED", failure: { error: "ThrottlingException" } });
    expect((await status(id)).status).toBe("PENDING_APPROVAL");

    // Act
    app.clock.advance(5 * 60_000);
    const jobs = await runScheduledJobs(app.deps);

    // Assess
    expect(jobs.approvals).toMatchObject({ redriven: 1, failed: 0 });
    await emailAbout(rep.email, number, "已批准");
    await waitUntil(async () => (await status(id)).status === "APPROVED");
    expect((await app.deps.store.approvals.load(requestId))!.request).toMatchObject({ executionAttempt: 1, failure: null });
  });
});
