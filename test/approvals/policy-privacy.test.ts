import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../functions/core/user";
import { testApp, type TestApp } from "../support/app";

let app: TestApp;
let rep: User;
let tech: User;
let manager: User;
let admin: User;

const POLICY = `{ approvalPolicy(kind: QUOTE) { levels { key anyOf { field op value } } } }`;

beforeAll(async () => {
  app = await testApp();
  admin = await app.user({ roles: ["ADMIN"] });
  manager = await app.user({ roles: ["MANAGER"] });
  rep = await app.user({ managerId: manager.id });
  tech = await app.user({ roles: ["TECH"] });
});

describe("the approval policy", () => {
  it("is not readable by reps (nor TECH): its thresholds, such as the margin floor, stay with those who approve", async () => {
    for (const who of [rep, tech]) {
      const res = await app.gql(who, POLICY);
      expect(res.errors).toBeUndefined();
      expect(res.data?.approvalPolicy).toBeNull();
    }
  });

  it("is readable by managers and ADMIN", async () => {
    for (const who of [manager, admin]) {
      const levels = (await app.ok(who, POLICY)).approvalPolicy.levels;
      expect(levels.some((l: any) => l.anyOf.some((c: any) => c.field === "marginPercent"))).toBe(true);
    }
  });
});
