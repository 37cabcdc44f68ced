import { describe, expect, it } from "vitest";
import { escalationTargets } from "../../functions/core/approval/approvers";
import { applicableLevels, DEFAULT_CONTRACT_POLICY, DEFAULT_QUOTE_POLICY } from "../../functions/core/approval/policy";

/** Figures in fen for a one-line quote: list, net (after discount) and cost; total = net + 13% VAT. */
const figures = (list: number, net: number, cost: number, total = Math.round(net * 1.13)) => ({ listFen: list, netFen: net, costFen: cost, totalFen: total });
const levels = (f: ReturnType<typeof figures>) => applicableLevels(DEFAULT_QUOTE_POLICY, f).map((l) => l.key);

describe("the default quote policy at its boundaries", () => {
  it("asks the regional manager for a discount above 5%, not at exactly 5%", () => {
    expect(levels(figures(100_000_00, 95_000_00, 50_000_00))).toEqual([]);
    expect(levels(figures(100_000_00, 94_999_99, 50_000_00))).toEqual(["regional-manager"]);
  });

  it("asks finance for a margin below 20%, not at exactly 20%", () => {
    expect(levels(figures(100_000_00, 100_000_00, 80_000_00))).toEqual([]);
    expect(levels(figures(100_000_00, 100_000_00, 80_000_01))).toEqual(["finance"]);
  });

  it("asks the general manager for a discount above 15% or a total above 1,000,000 yuan", () => {
    expect(levels(figures(100_000_00, 85_000_00, 10_000_00))).toEqual(["regional-manager"]);
    expect(levels(figures(100_000_00, 84_999_99, 10_000_00))).toEqual(["regional-manager", "general-manager"]);
    expect(levels(figures(2_000_000_00, 2_000_000_00, 100_00, 1_000_000_00))).toEqual([]);
    expect(levels(figures(2_000_000_00, 2_000_000_00, 100_00, 1_000_000_01))).toEqual(["general-manager"]);
  });

  it("asks finance when nothing is left to sell at: no margin is not a 0% margin that passes", () => {
    expect(levels(figures(268_000, 0, 171_500, 0))).toContain("finance");
    expect(levels(figures(268_000, 0, 0, 0))).toContain("finance");
  });

  it("puts the levels in policy order whatever triggers them", () => {
    expect(levels(figures(100_000_00, 80_000_00, 70_000_00))).toEqual(["regional-manager", "finance", "general-manager"]);
  });

  it("always asks legal and finance for contracts, and the GM above 500,000 yuan", () => {
    const contract = (total: number) => applicableLevels(DEFAULT_CONTRACT_POLICY, figures(total, total, 0, total)).map((l) => l.key);
    expect(contract(500_000_00)).toEqual(["legal", "finance"]);
    expect(contract(500_000_01)).toEqual(["legal", "finance", "general-manager"]);
  });
});

describe("escalation never to the submitter", () => {
  it("sends an escalation that would reach only the submitter (the GM's own quote) to ADMIN instead", () => {
    const person = (id: string, roles: string[], managerId: string | null = null) => ({ id, roles, managerId, active: true }) as never;
    const users = [person("gm", ["GM"]), person("fin", ["FINANCE"], "gm"), person("admin", ["ADMIN"])];
    expect(escalationTargets({ kind: "ROLE", role: "GM" }, ["fin"], users, "gm")).toEqual(["admin"]);
    expect(escalationTargets({ kind: "ROLE", role: "GM" }, ["fin"], users, "someone-else")).toEqual(["gm"]);
  });
});
