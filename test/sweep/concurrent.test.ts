import { beforeAll, describe, expect, it } from "vitest";
import { deliver } from "../../functions/core/mail";
import { runScheduledJobs, sweepLines } from "../../functions/core/scheduled";
import { runDueJobs } from "../../functions/core/sweep/due-jobs";
import { DUE_JOB_HANDLERS } from "../../functions/core/sweep/registry";
import type { User } from "../../functions/core/user";
import type { DueJob } from "../../functions/store/due-jobs";
import { testApp, type TestApp } from "../support/app";
import { mailbox } from "../support/approvals";

/** The one sweep: every kind of due job, safe when two sweeps overlap, caught up after downtime. */
let app: TestApp;
let person: User;
const KIND = "SWEEP_TEST";
const DAY = 86_400_000;

/** A reminder kind as a capability writes one: an email per job (once-only id), then done or due again in three days. */
const remind = (job: DueJob) =>
  deliver(app.deps, {
    id: `${KIND}#${job.ref}#${job.dueAt}`,
    to: person,
    kind: KIND,
    about: { subjectType: "TEST", subjectId: job.ref },
    render: () => ({ subject: `提醒 ${job.ref} ${job.dueAt}`, text: "请处理。", html: "<p>请处理。</p>" }),
  }).then(() => ({ next: job.data.repeat ? new Date(Date.parse(job.dueAt) + 3 * DAY).toISOString() : null }));

beforeAll(async () => {
  app = await testApp();
  person = await app.user({ name: "冯涛" });
});

describe("the one sweep", () => {
  it("handles each due job once when two sweeps run over the same jobs at the same time", async () => {
    // Prepare: 12 jobs due over the past three days (the sweep was down), half of them repeating daily
    const now = app.clock.now().getTime();
    const jobs: DueJob[] = Array.from({ length: 12 }, (_, i) => ({
      kind: KIND,
      ref: `job-${String(i).padStart(2, "0")}`,
      orgId: app.orgId,
      dueAt: new Date(now - (i % 3) * DAY - i * 60_000).toISOString(),
      data: { repeat: i % 2 === 0 },
    }));
    for (const j of jobs) await app.deps.store.dueJobs.schedule(j);

    // Act
    const [a, b] = await Promise.all([runDueJobs(app.deps, KIND, remind), runDueJobs(app.deps, KIND, remind)]);

    // Assess: one email per job; the repeating ones due again three days after their time, the others gone
    const subjects = (await mailbox(person.email)).map((e) => e.subject).filter((s) => s.startsWith("提醒 "));
    expect(subjects.sort()).toEqual(jobs.map((j) => `提醒 ${j.ref} ${j.dueAt}`).sort());
    expect(a.failed + b.failed).toBe(0);
    const stored = await app.deps.store.dueJobs.getMany(KIND, jobs.map((j) => j.ref));
    expect(stored.map((j) => j?.dueAt ?? null)).toEqual(jobs.map((j) => (j.data.repeat ? new Date(Date.parse(j.dueAt) + 3 * DAY).toISOString() : null)));

    // Act: both run again at once, nothing new due
    await Promise.all([runDueJobs(app.deps, KIND, remind), runDueJobs(app.deps, KIND, remind)]);

    // Assess
    expect((await mailbox(person.email)).filter((e) => e.subject.startsWith("提醒 "))).toHaveLength(12);
  });

  it("keeps a job moved while a sweep handled it at its new time", async () => {
    // Prepare: a job due now, moved to next week by its capability while the sweep handles it
    const job: DueJob = { kind: KIND, ref: "moved", orgId: app.orgId, dueAt: app.clock.now().toISOString(), data: { repeat: true } };
    await app.deps.store.dueJobs.schedule(job);
    const nextWeek = new Date(app.clock.now().getTime() + 7 * DAY).toISOString();

    // Act
    await runDueJobs(app.deps, KIND, async (j) => {
      await app.deps.store.dueJobs.schedule({ ...j, dueAt: nextWeek });
      return { next: new Date(Date.parse(j.dueAt) + DAY).toISOString() };
    });

    // Assess
    expect((await app.deps.store.dueJobs.getMany(KIND, ["moved"]))[0]?.dueAt).toBe(nextWeek);
  });

  it("runs every registered due kind even when an earlier job fails, and still reports the failure", async () => {
    // Prepare: a capability's kind in the registry with a job due, and the pool release throttled by DynamoDB
    DUE_JOB_HANDLERS[KIND] = (_deps, job) => remind(job);
    await app.deps.store.dueJobs.schedule({ kind: KIND, ref: "after-failure", orgId: app.orgId, dueAt: app.clock.now().toISOString(), data: {} });
    const customers = app.deps.store.customers;
    const dueForRelease = customers.dueForRelease;
    customers.dueForRelease = async () => {
      throw Object.assign(new Error("injected: Rate exceeded"), { name: "ThrottlingException" });
    };

    // Act
    let error: unknown;
    try {
      await runScheduledJobs(app.deps);
    } catch (e) {
      error = e;
    } finally {
      customers.dueForRelease = dueForRelease;
      delete DUE_JOB_HANDLERS[KIND];
    }

    // Assess: the reminder went out; the sweep failed all the same (the alarm on its errors sees it)
    expect((await mailbox(person.email)).filter((e) => e.subject.startsWith("提醒 after-failure"))).toHaveLength(1);
    expect(error).toMatchObject({ message: "scheduled jobs failed: pool release" });
  });

  it("reports a line per job, every registered due kind included", async () => {
    // Act
    const lines = sweepLines(await runScheduledJobs(app.deps));

    // Assess
    expect(lines[0]).toMatch(/^pool release: \d+ returned to the pool, \d+ no longer due$/);
    for (const kind of Object.keys(DUE_JOB_HANDLERS)) expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^due ${kind}: \\d+ handled, \\d+ waiting for an email retry, \\d+ failed$`)));
    expect(lines).toContainEqual(expect.stringMatching(/^digest jobs created: \d+$/));
  });
});
