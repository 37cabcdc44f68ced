import { encodeGlobalID } from "@pothos/plugin-relay";
import { beforeAll, describe, expect, it } from "vitest";
import type { ApprovalRequest } from "../../functions/core/approval/model";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { approvalTeam, emailAbout, GET_QUOTE, linkIn, mailbox, press, quoteFor, SUBMIT, waitUntil } from "../support/approvals";
import { approvedContractOn, WITHDRAW_CONTRACT } from "../support/contracts";
import { newDeal } from "../support/pipeline";

/**
 * DynamoDB Local has no real races, so each test puts the rep's withdrawal between the workflow's
 * read and its write (or the other way round) by wrapping the store call at that point, once.
 */
let app: TestApp;
let manager: User;
let rep: User;
let finance: User;

const TWO_LEVELS = { list: 100_000, unit: 90_000, cost: 80_000 }; // manager, then finance
const status = async (id: string) => (await app.ok(rep, GET_QUOTE, { id })).quote;
const WITHDRAW = `mutation($id: ID!) { withdrawQuote(id: $id, reason: "客户暂缓采购") { __typename ... on Error { message } ... on Quote { status } } }`;
const withdraw = async (id: string) => (await app.ok(rep, WITHDRAW, { id })).withdrawQuote;
const about = async (to: string, number: string) => (await mailbox(to)).filter((e) => e.subject.includes(number));
type Approvals = TestApp["deps"]["store"]["approvals"];

/** Replaces one store method until the test ends; `hook` gets the original. */
function wrap<K extends keyof Approvals>(name: K, hook: (original: Approvals[K]) => Approvals[K]) {
  const store = app.deps.store.approvals;
  const original = store[name];
  store[name] = hook((original as (...a: unknown[]) => unknown).bind(store) as Approvals[K]);
  return () => {
    store[name] = original;
  };
}

/** A two-level quote submitted, with the manager's link. */
async function submitted() {
  const q = await quoteFor(app, rep, TWO_LEVELS);
  await app.ok(rep, SUBMIT, { id: q.id });
  return { ...q, managerLink: linkIn(await emailAbout(manager.email, q.number)) };
}

beforeAll(async () => {
  app = await testApp();
  ({ manager, rep, finance } = await approvalTeam(app));
});

describe("withdrawal while the workflow opens the next level", () => {
  it("leaves no open step behind when the withdrawal commits between reading the request and creating the next step", async () => {
    // Prepare
    const { id, number, managerLink } = await submitted();
    let withdrawn: unknown;
    let armed = true;
    const restore = wrap("load", (load) => async (requestId) => {
      const data = await load(requestId);
      const opening = data && data.request.status === "PENDING" && data.request.currentLevel === 1 && !data.steps.some((s) => s.level === 1);
      // Only the workflow's read (its LoadStep task), not the approval page's, which runs at the same time.
      if (opening && armed && new Error().stack?.includes("loadStep")) {
        armed = false;
        withdrawn = await withdraw(id); // after the workflow's read, before its write
      }
      return data;
    });

    // Act
    try {
      expect((await press(managerLink, "APPROVE")).html).toContain("已记录您的决定");
      await waitUntil(async () => withdrawn !== undefined);
      await app.workflows.idle();
    } finally {
      restore();
    }

    // Assess
    expect(withdrawn).toMatchObject({ __typename: "Quote", status: "WITHDRAWN" });
    const after = await status(id);
    expect(after.status).toBe("WITHDRAWN");
    expect(after.approvals[0].status).toBe("WITHDRAWN");
    expect(after.approvals[0].steps.map((s: any) => s.status)).toEqual(["APPROVED"]);
    expect(await about(finance.email, number)).toHaveLength(0);
  });

  it("sends no approval email for a quote withdrawn after the next step opened and before its approvers were emailed", async () => {
    // Prepare
    const { id, number, managerLink } = await submitted();
    let withdrawn: unknown;
    let armed = true;
    const restore = wrap("setToken", (setToken) => async (requestId, key, token) => {
      const kept = await setToken(requestId, key, token);
      if (key.startsWith("L01") && armed) {
        armed = false;
        withdrawn = await withdraw(id); // between keeping the token and the email
      }
      return kept;
    });

    // Act
    try {
      await press(managerLink, "APPROVE");
      await waitUntil(async () => withdrawn !== undefined);
      await app.workflows.idle(); // the workflow ends now, not at the level's deadline
    } finally {
      restore();
    }

    // Assess
    expect(withdrawn).toMatchObject({ __typename: "Quote", status: "WITHDRAWN" });
    expect((await status(id)).approvals[0].steps.map((s: any) => s.status)).toEqual(["APPROVED", "WITHDRAWN"]);
    expect(await about(finance.email, number)).toHaveLength(0);
  });
});

describe("withdrawal against the last decision", () => {
  /** Both levels approved; `between` runs when the workflow is about to end the request as APPROVED (before or after that write). */
  async function approveBoth(managerLink: string, number: string, when: "before" | "after", between: () => Promise<void>) {
    let ran = false;
    const restore = wrap("saveRequest", (save) => async (next: ApprovalRequest, prev, extra) => {
      const last = next.status === "APPROVED" && !ran;
      if (last && when === "before") {
        ran = true;
        await between();
      }
      await save(next, prev, extra);
      if (last && when === "after") {
        ran = true;
        await between();
      }
    });
    try {
      await press(managerLink, "APPROVE");
      await press(linkIn(await emailAbout(finance.email, number)), "APPROVE");
      await waitUntil(async () => ran);
      await app.workflows.idle();
    } finally {
      restore();
    }
  }

  it("decided first: a withdrawal after the last decision, before the workflow ends the request, is refused and the approval stands", async () => {
    // Prepare
    const { id, number, managerLink } = await submitted();
    let withdrawn: unknown;

    // Act: the rep withdraws after the last decision was recorded, before the workflow ends the request
    await approveBoth(managerLink, number, "before", async () => {
      withdrawn = await withdraw(id);
    });

    // Assess: the decision committed first, so it is the outcome (never a WITHDRAWN request over an APPROVED last step)
    expect(withdrawn).toMatchObject({ __typename: "ApprovalAlreadyFinishedError" });
    const after = await status(id);
    expect(after).toMatchObject({ status: "APPROVED", revisions: [{ revision: 1, outcome: "APPROVED" }] });
    expect(after.approvals[0].status).toBe("APPROVED");
    await emailAbout(rep.email, number, "已批准");
  });

  it("approved first: the withdrawal is refused saying it was approved, and the quote is approved", async () => {
    // Prepare
    const { id, number, managerLink } = await submitted();
    let withdrawn: { __typename: string; message?: string } | undefined;

    // Act: the request ended as APPROVED; the rep withdraws before the quote took the outcome
    await approveBoth(managerLink, number, "after", async () => {
      withdrawn = await withdraw(id);
    });

    // Assess
    expect(withdrawn).toMatchObject({ __typename: "ApprovalAlreadyFinishedError" });
    expect(withdrawn!.message).toContain("已批准");
    await emailAbout(rep.email, number, "已批准");
    const after = await status(id);
    expect(after).toMatchObject({ status: "APPROVED", revisions: [{ revision: 1, outcome: "APPROVED" }] });
  });

  it("a withdrawal that read the quote before the approval ended is told it was approved, not to reload", async () => {
    // Prepare
    const { id, number, managerLink } = await submitted();
    await press(managerLink, "APPROVE");
    const financeLink = linkIn(await emailAbout(finance.email, number));
    const quotes = app.deps.store.quotes;
    const save = quotes.save.bind(quotes);
    let armed = true;
    quotes.save = async (...args) => {
      if (armed) {
        // The withdrawal has read the quote and the request: the last approval lands and ends first.
        armed = false;
        await press(financeLink, "APPROVE");
        await waitUntil(async () => (await status(id)).status === "APPROVED");
      }
      return save(...args);
    };

    // Act
    let withdrawn;
    try {
      withdrawn = await withdraw(id);
    } finally {
      quotes.save = save;
    }

    // Assess
    expect(withdrawn).toMatchObject({ __typename: "ApprovalAlreadyFinishedError" });
    expect((await status(id)).status).toBe("APPROVED");
  });

  it("a contract approved first: its withdrawal is refused saying so, and the contract is approved", async () => {
    // Prepare: when the contract's approval ends as APPROVED, the rep withdraws before the contract takes it
    let withdrawn: { __typename: string; message?: string } | undefined;
    const restore = wrap("saveRequest", (save) => async (next: ApprovalRequest, prev, extra) => {
      await save(next, prev, extra);
      if (next.subjectType === "CONTRACT" && next.status === "APPROVED" && !withdrawn) {
        withdrawn = { __typename: "pending" };
        withdrawn = (await app.ok(rep, WITHDRAW_CONTRACT, { id: encodeGlobalID("Contract", next.subjectId), reason: "客户暂缓" })).withdrawContract;
      }
    });

    // Act
    let contract;
    try {
      contract = await approvedContractOn(app, rep, await newDeal(app, rep));
      await app.workflows.idle();
    } finally {
      restore();
    }

    // Assess
    expect(withdrawn).toMatchObject({ __typename: "ApprovalAlreadyFinishedError" });
    expect(withdrawn!.message).toContain("已批准，无法撤回");
    expect(contract).toMatchObject({ status: "APPROVED" });
  });
});

describe("withdrawal before the workflow hears of the last decision", () => {
  it("is refused as approved, and the approver's decision stands, with the rep told 已批准", async () => {
    // Prepare: a two-level quote; the manager approves; the finance decision is recorded but the
    // workflow is told of it only after the rep's withdrawal (the window the tester raced through)
    const { id, number, managerLink } = await submitted();
    await press(managerLink, "APPROVE");
    const financeLink = linkIn(await emailAbout(finance.email, number));
    const engine = app.deps.workflows;
    const tell = engine.sendTaskSuccess.bind(engine);
    let withdrawn: { __typename: string; message?: string } | undefined;
    engine.sendTaskSuccess = async (token, output) => {
      withdrawn ??= await withdraw(id);
      return tell(token, output);
    };

    // Act
    let pressed;
    try {
      pressed = await press(financeLink, "APPROVE");
    } finally {
      engine.sendTaskSuccess = tell;
    }

    // Assess
    expect(pressed.html).toContain("已记录您的决定");
    expect(withdrawn).toMatchObject({ __typename: "ApprovalAlreadyFinishedError" });
    expect(withdrawn!.message).toContain("已批准");
    await emailAbout(rep.email, number, "已批准");
    const after = await status(id);
    expect(after.status).toBe("APPROVED");
    expect(after.approvals[0]).toMatchObject({ status: "APPROVED" });
  });
});
