import { beforeAll, describe, expect, it } from "vitest";
import { runScheduledJobs } from "../../functions/core/scheduled";
import type { User } from "../../functions/core/user";
import type { MailSender } from "../../functions/mail/sender";
import { testApp, type TestApp } from "../support/app";
import { customerDueOn, digestsTo, shanghai } from "../digest/support";

/** An email SES refuses is tried again with backoff, then marked FAILED and shown to ADMIN: never lost without a word. */
let app: TestApp;
let admin: User;
let throttled: User;
let recovers: User;
let colleague: User;
/** SES calls for each address's digests, refused or not. */
const calls = new Map<string, number>();
/** Addresses whose digests SES refuses, and for how many more attempts. */
const refuse = new Map<string, number>();

const PROBLEMS = `{ deliveryProblems(first: 10) { edges { node { emailId kind to recipient { name } subjectType subjectId attempts lastError failedAt } } } }`;

const sweepAt = async (at: Date) => {
  app.clock.set(at);
  return (await runScheduledJobs(app.deps)).due.find((d) => d.kind === "DIGEST");
};
const plus = (from: string, minutes: number) => new Date(shanghai(from).getTime() + minutes * 60_000);

beforeAll(async () => {
  // Prepare: the real SES emulator behind a wrapper that throttles some addresses (as SES does at its sending rate)
  app = await testApp();
  const real: MailSender = app.deps.mail;
  app.deps.mail = {
    ...real,
    send: async (m) => {
      // Only digests: other reminders the sweep sends these people are not what is counted here.
      if (!m.subject.startsWith("每日工作提醒")) return real.send(m);
      calls.set(m.to, (calls.get(m.to) ?? 0) + 1);
      const left = refuse.get(m.to) ?? 0;
      if (left > 0) {
        refuse.set(m.to, left - 1);
        const e = new Error("Maximum sending rate exceeded.");
        e.name = "TooManyRequestsException";
        throw e;
      }
      return real.send(m);
    },
    sendRaw: (m) => real.sendRaw(m),
  } as MailSender;
  admin = await app.user({ name: "系统管理员", roles: ["ADMIN"] });
  throttled = await app.user({ name: "吴静" });
  recovers = await app.user({ name: "郑伟" });
  colleague = await app.user({ name: "何敏" });
  for (const u of [throttled, recovers, colleague]) await customerDueOn(app, u, "2026-11-24");
  refuse.set(throttled.email, 100);
  refuse.set(recovers.email, 1);
  await runScheduledJobs(app.deps); // Monday: the organization gets its digest job (Tuesday 08:30)
});

describe("an email SES refuses", () => {
  it("is tried again after the backoff, not before, while everyone else's goes out at once", async () => {
    // Act: the digest time (08:30 by default), then a sweep half a minute later
    const first = await sweepAt(shanghai("2026-11-24T08:30"));
    const early = await sweepAt(plus("2026-11-24T08:30", 0.5));

    // Assess: one attempt each so far; the job stays due for the refused ones
    expect(await digestsTo(colleague)).toHaveLength(1);
    expect(calls.get(throttled.email)).toBe(1);
    expect(calls.get(recovers.email)).toBe(1);
    expect(first).toMatchObject({ handled: 0, failed: 1 });
    expect(early).toMatchObject({ handled: 0, waiting: 1, failed: 0 });

    // Act: a minute after the refusal
    await sweepAt(plus("2026-11-24T08:30", 1));

    // Assess: the throttle passed for one of them: sent once, on the retry
    expect(await digestsTo(recovers)).toHaveLength(1);
    expect(calls.get(recovers.email)).toBe(2);
    expect(calls.get(throttled.email)).toBe(2);
    expect(await digestsTo(colleague)).toHaveLength(1);
  });

  it("is FAILED after its last attempt, shown to ADMIN among the delivery problems, and its job moves on", async () => {
    // Act: each retry just before and at its time: 5 and 30 minutes, 2 and 6 hours after the previous one
    let at = plus("2026-11-24T08:30", 1).getTime();
    for (const [attempt, wait] of [[3, 5], [4, 30], [5, 120], [6, 360]]) {
      await sweepAt(new Date(at + wait * 60_000 - 30_000));
      expect(calls.get(throttled.email)).toBe(attempt - 1);
      at += wait * 60_000;
      await sweepAt(new Date(at));
      expect(calls.get(throttled.email)).toBe(attempt);
    }
    const after = await sweepAt(new Date(at + 10 * 60_000));

    // Assess: no more attempts; the day's job is done and the next digest is tomorrow's
    expect(calls.get(throttled.email)).toBe(6);
    expect(after).toMatchObject({ waiting: 0, failed: 0 });
    expect((await app.deps.store.dueJobs.getMany("DIGEST", [app.orgId]))[0]?.dueAt).toBe(shanghai("2026-11-25T08:30").toISOString());
    expect(await digestsTo(throttled)).toHaveLength(0);

    // Assess: ADMIN sees what was lost, to whom, how often it was tried and why
    const { deliveryProblems } = await app.ok(admin, PROBLEMS);
    expect(deliveryProblems.edges.map((e: any) => e.node)).toEqual([
      {
        emailId: `DIGEST#${throttled.id}#2026-11-24`,
        kind: "DIGEST",
        to: throttled.email,
        recipient: { name: "吴静" },
        subjectType: "USER",
        subjectId: throttled.id,
        attempts: 6,
        lastError: "TooManyRequestsException: Maximum sending rate exceeded.",
        failedAt: new Date(at).toISOString(),
      },
    ]);
  });

  it("is not sent again by a later run, and the next day's digest goes out as usual", async () => {
    // Act
    refuse.set(throttled.email, 0);
    await sweepAt(shanghai("2026-11-25T08:30"));

    // Assess
    expect((await digestsTo(throttled)).map((e) => e.subject)).toEqual([expect.stringContaining("2026-11-25")]);
    expect(calls.get(throttled.email)).toBe(7);
  });

  it("stays off the list for everyone but ADMIN", async () => {
    // Act
    const res = await app.gql(colleague, PROBLEMS);

    // Assess
    expect(res.data?.deliveryProblems ?? null).toBeNull();
    expect(res.errors?.[0]).toMatchObject({ message: "无权执行此操作", extensions: { code: "ForbiddenError" } });
  });
});

describe("a digest still refused when its day ends", () => {
  it("is not sent the next day but marked FAILED, and the new day's digest goes out at its time", async () => {
    // Prepare: an evening digest (20:00) that SES refuses every time
    const late = await testApp();
    const lateAdmin = await late.user({ name: "管理员", roles: ["ADMIN"] });
    const person = await late.user({ name: "唐宁" });
    await customerDueOn(late, person, "2026-11-24");
    const { organization } = await late.ok(lateAdmin, `{ organization { version } }`);
    await late.ok(lateAdmin, `mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename } }`, {
      input: { expectedVersion: organization.version, digestTime: "20:00" },
    });
    const real = late.deps.mail;
    let refusing = true;
    late.deps.mail = {
      send: async (m) => {
        if (refusing && m.subject.startsWith("每日工作提醒")) throw Object.assign(new Error("Daily message quota exceeded."), { name: "LimitExceededException" });
        return real.send(m);
      },
      sendRaw: (m) => real.sendRaw(m),
    };
    const sweep = async (local: string) => {
      late.clock.set(shanghai(local));
      await runScheduledJobs(late.deps);
    };

    // Act: Tuesday evening's attempts (20:00, 20:01, 20:06, 20:36, 22:36), then the first sweep after midnight
    for (const t of ["20:00", "20:01", "20:06", "20:36", "22:36"]) await sweep(`2026-11-24T${t}`);
    await sweep("2026-11-25T00:05");
    refusing = false;
    await sweep("2026-11-25T04:40"); // when the sixth attempt would have been due
    await sweep("2026-11-25T20:00");

    // Assess: Tuesday's was never sent and is on the list; Wednesday's went out at its time
    expect((await digestsTo(person)).map((e) => e.subject)).toEqual([expect.stringContaining("2026-11-25")]);
    const { deliveryProblems } = await late.ok(lateAdmin, PROBLEMS);
    expect(deliveryProblems.edges.map((e: any) => e.node)).toEqual([
      expect.objectContaining({
        emailId: `DIGEST#${person.id}#2026-11-24`,
        attempts: 5,
        lastError: "LimitExceededException: Daily message quota exceeded. (the day ended before it could be sent)",
        failedAt: shanghai("2026-11-25T00:05").toISOString(),
      }),
    ]);
  });
});
