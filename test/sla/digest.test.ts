import { beforeAll, describe, expect, it } from "vitest";
import { runScheduledJobs } from "../../functions/core/scheduled";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";
import { digestsTo, setOrganization } from "../digest/support";
import { leadOf, local } from "./support";

/** Stalled deals and unanswered SLA breaches in the daily digest: the owner's own, and a manager's team's once escalated. */
let app: TestApp;
let manager: User;
let rep: User;
const sweep = () => runScheduledJobs(app.deps);

beforeAll(async () => {
  app = await testApp();
  const admin = await app.user({ roles: ["ADMIN"] });
  manager = await app.user({ name: "王海涛", roles: ["MANAGER"] });
  rep = await app.user({ name: "陈刚", managerId: manager.id });
  app.clock.set(local("2026-11-21T09:00"));
  expect((await setOrganization(app, admin, { digestTime: "08:30" })).__typename).toBe("Organization");
});

describe("digest sections of stalled deals and SLA breaches", () => {
  it("lists the owner's stalled deal and breach at once, and the manager's team's once the ladder reached them", async () => {
    // Prepare: a lead from Saturday 21st (stalled from Friday 27th, the manager's step on Monday 30th at 09:00),
    // and one from Friday 27th at 17:00 with no call (its 2 hours ran out on Monday at 10:00)
    app.clock.set(local("2026-11-21T10:00"));
    const stalled = await leadOf(app, rep);
    app.clock.set(local("2026-11-27T17:00"));
    const uncalled = await leadOf(app, rep);

    // Act: sweeps through Monday and Tuesday mornings
    for (const t of ["2026-11-30T08:30", "2026-11-30T09:00", "2026-11-30T10:00", "2026-12-01T08:30"]) {
      app.clock.set(local(t));
      await sweep();
    }

    // Assess: the rep sees the stalled deal on Monday and both on Tuesday
    const [repMonday, repTuesday] = (await digestsTo(rep)).slice(-2);
    expect(repMonday.subject).toContain("2026-11-30");
    expect(repMonday.body.text).toMatch(new RegExp(`停滞商机（1）\\n- ${stalled.title}：在线索登记已停留 9 天`));
    expect(repTuesday.subject).toContain("2026-12-01");
    expect(repTuesday.body.text).toContain(`- ${uncalled.title}：线索登记阶段 2 个工作小时内未跟进，截止（2026-11-30 10:00）`);
    // The manager: on Monday at 08:30 the ladder had not reached them (09:00), on Tuesday it had; the
    // rep's breach of Monday 10:00 shows from Tuesday (the rep had the day to answer it)
    const [managerMonday, managerTuesday] = (await digestsTo(manager)).slice(-2);
    expect(managerMonday.subject).toContain("2026-11-30");
    expect(managerMonday.body.text).not.toContain("停滞商机");
    expect(managerMonday.body.text).not.toContain(uncalled.title);
    expect(managerTuesday.body.text).toContain(`- ${stalled.title}（陈刚）：在线索登记已停留 10 天`);
    expect(managerTuesday.body.text).toContain(`- ${uncalled.title}（陈刚）：线索登记阶段 2 个工作小时内未跟进`);
  });
});
