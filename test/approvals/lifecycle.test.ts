import { beforeAll, describe, expect, it } from "vitest";
import { runScheduledJobs } from "../../functions/core/scheduled";
import type { User } from "../../functions/core/user";
import { LocalWorkflowEngine } from "../../functions/workflow/local-engine";
import { testApp, type TestApp } from "../support/app";
import { approvalTeam, emailAbout, GET_QUOTE, linkIn, mailbox, openLink, press, QUOTE_FIELDS, quoteFor, SUBMIT, waitUntil } from "../support/approvals";

let app: TestApp;
let manager: User;
let rep: User;
let finance: User;

const TWO_LEVELS = { list: 100_000, unit: 90_000, cost: 80_000 }; // 10% discount, 11.1% margin: manager, finance
const status = async (id: string) => (await app.ok(rep, GET_QUOTE, { id })).quote;
const UPDATE = `mutation($input: UpdateQuoteInput!) { updateQuote(input: $input) { ${QUOTE_FIELDS} } }`;

beforeAll(async () => {
  app = await testApp();
  ({ manager, rep, finance } = await approvalTeam(app));
});

describe("revisions, crashes and restarts", () => {
  it("freezes a submitted revision; editing it starts revision 2 and withdraws the pending approval", async () => {
    // Prepare
    const { id, number } = await quoteFor(app, rep, TWO_LEVELS);
    await app.ok(rep, SUBMIT, { id });
    const link = linkIn(await emailAbout(manager.email, number));

    // Act
    const q = await status(id);
    const edited = (await app.ok(rep, UPDATE, { input: { id, expectedVersion: q.version, riskNote: "客户改为90天账期" } })).updateQuote;

    // Assess
    expect(edited).toMatchObject({ __typename: "Quote", revision: 2, status: "DRAFT" });
    await waitUntil(async () => (await status(id)).approvals[0].status === "WITHDRAWN");
    const after = await status(id);
    expect(after.revisions).toEqual([{ revision: 1, outcome: "WITHDRAWN" }]);
    expect(after.approvals[0].steps.map((s: any) => s.status)).toEqual(["WITHDRAWN"]);
    expect((await openLink(link)).html).toContain("该审批已结束");
    expect((await press(link, "APPROVE")).html).toContain("该审批已结束");
    await app.workflows.idle(); // the withdrawn workflow finished at once, not at its timeout

    const resubmitted = (await app.ok(rep, SUBMIT, { id })).submitQuote;
    expect(resubmitted).toMatchObject({ status: "PENDING_APPROVAL", revision: 2 });
    const second = await waitUntil(async () => (await mailbox(manager.email)).filter((e) => e.subject.includes(number)).length === 2).then(() => true);
    expect(second).toBe(true);
  });

  it("keeps a decision when the workflow cannot be told, and the scheduled job resumes it", async () => {
    const { id, number } = await quoteFor(app, rep, TWO_LEVELS);
    await app.ok(rep, SUBMIT, { id });
    const link = linkIn(await emailAbout(manager.email, number));
    // Inject the crash: telling the workflow fails, as when the Lambda dies right after the write.
    const tell = app.workflows.sendTaskSuccess.bind(app.workflows);
    app.workflows.sendTaskSuccess = async () => {
      throw new Error("injected: the function died before resuming the workflow");
    };
    try {
      expect((await press(link, "APPROVE")).html).toContain("已记录您的决定");
    } finally {
      app.workflows.sendTaskSuccess = tell;
    }
    const stuck = await status(id);
    expect(stuck.approvals[0].steps.map((s: any) => s.status)).toEqual(["APPROVED"]);
    expect((await mailbox(finance.email)).some((e) => e.subject.includes(number))).toBe(false);

    const jobs = await runScheduledJobs(app.deps);
    expect(jobs.resumed).toBeGreaterThanOrEqual(1);
    await emailAbout(finance.email, number);
    expect((await status(id)).approvals[0].steps.map((s: any) => s.status)).toEqual(["APPROVED", "PENDING"]);
  });

  it("picks up pending approvals after the local stack restarts, keeping deadlines and sending nothing twice", async () => {
    // Prepare: an approval waiting at level 1, then the process "stops"
    const { id, number } = await quoteFor(app, rep, TWO_LEVELS);
    await app.ok(rep, SUBMIT, { id });
    const link = linkIn(await emailAbout(manager.email, number));
    const deadlineBefore = (await app.deps.store.approvals.load((await app.deps.store.quotes.getMany([localQuoteId(id)]))[0]!.approvalRequestId!))!.steps[0].deadline;
    app.workflows.stop();
    const restarted = new LocalWorkflowEngine();
    restarted.attach(app.deps);
    app.deps.workflows = restarted;

    // Act: start again; the scheduled jobs run at start-up and re-drive what is pending
    app.clock.advance(3_600_000);
    try {
      await runScheduledJobs(app.deps);
      await waitUntil(async () => restarted.inFlight > 0);
      expect((await press(link, "APPROVE")).html).toContain("已记录您的决定");

      // Assess
      await emailAbout(finance.email, number);
      expect((await mailbox(manager.email)).filter((e) => e.subject.includes(number))).toHaveLength(1);
      const request = (await app.deps.store.approvals.load((await app.deps.store.quotes.getMany([localQuoteId(id)]))[0]!.approvalRequestId!))!;
      expect(request.steps[0].deadline).toBe(deadlineBefore);
    } finally {
      app.clock.advance(-3_600_000);
    }
  });
});

function localQuoteId(globalId: string) {
  return Buffer.from(globalId, "base64").toString("utf8").split(":")[1];
}
