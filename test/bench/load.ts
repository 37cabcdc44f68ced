import { withCheckCharacter } from "../../functions/core/credit-code";
import type { Activity } from "../../functions/core/activity";
import type { Customer, Tier } from "../../functions/core/customer";
import { nameKey, searchText } from "../../functions/core/customer/normalize";
import { newId } from "../../functions/core/ids";
import { defaultOrganization } from "../../functions/core/organization";
import type { Role, User } from "../../functions/core/user";
import { activityItem } from "../../functions/store/activities";
import { batchPut } from "../../functions/store/batch";
import type { Db } from "../../functions/store/client";
import { customerItem } from "../../functions/store/customers";
import { key } from "../../functions/store/keys";
import { teamKeysMarker } from "../../functions/store/team-keys";
import { userItem } from "../../functions/store/users";

const ORG = "bench";
const CITIES = ["宁波", "杭州", "苏州", "无锡", "广州", "深圳", "天津", "唐山", "武汉", "成都"];
const INDUSTRIES = ["石油化工", "电力", "水务", "冶金", "制药", "食品饮料", "造纸"];
const REGIONS = ["华东", "华南", "华北", "华中", "西南"];
const TIERS: Tier[] = ["A", "B", "B", "C", "C", "C"];
const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/** Deterministic pseudo-random numbers so every bench run loads the same data. */
function rng(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

function user(id: string, name: string, roles: Role[], managerId: string | null, at: string): User {
  return {
    id, orgId: ORG, name, email: `${id}@bench.example`, phone: null, roles, managerId, region: "华东", department: "销售部",
    locale: "zh-CN", active: true, ownedCount: 0, createdAt: at, updatedAt: at, version: 1,
  };
}

/**
 * Writes an organization of 1 admin, 1 GM, 3 managers and 24 reps holding 10,000 customers (a
 * fifth in the pool) with 1–6 timeline entries each, straight through the store's item codecs.
 */
export async function loadBenchData(db: Db, customers = 10_000) {
  const random = rng(42);
  const start = Date.parse("2025-11-23T00:00:00Z");
  const at = new Date(start).toISOString();
  const admin = user("admin", "管理员", ["ADMIN"], null, at);
  const gm = user("gm", "总经理", ["GM"], null, at);
  const managers = [0, 1, 2].map((i) => user(`mgr${i}`, `经理${i}`, ["MANAGER"], gm.id, at));
  const reps = Array.from({ length: 24 }, (_, i) => user(`rep${i}`, `销售${i}`, ["REP"], managers[i % 3].id, at));

  const items: Record<string, unknown>[] = [
    { ...key.org(ORG), _type: "Organization", ...defaultOrganization(ORG), name: "压测公司", maxCustomersPerOwner: 10_000, version: 1 },
    { ...key.orgRegistry(ORG), _type: "OrgRegistry" },
    // Written with their team keys (below), so the lists read by team from the start.
    { ...teamKeysMarker(ORG), _type: "Backfill", at },
  ];
  let activities = 0;
  const customerIds: string[] = [];
  const held: { id: string; ownerId: string }[] = [];
  for (let i = 0; i < customers; i++) {
    const created = new Date(start + i * 3_000_000);
    const owner = random() < 0.2 ? null : reps[Math.floor(random() * reps.length)];
    if (owner) owner.ownedCount++;
    const fields = {
      name: `${CITIES[i % CITIES.length]}压测阀门用户${i}号有限公司`,
      tier: TIERS[Math.floor(random() * TIERS.length)],
      industry: INDUSTRIES[Math.floor(random() * INDUSTRIES.length)],
      region: REGIONS[Math.floor(random() * REGIONS.length)],
      source: "展会",
      creditCode: withCheckCharacter(`9133020${String(i).padStart(6, "0")}MA${ALPHABET[i % 31]}Q`.slice(0, 17)),
      address: null, phone: null, website: null, remark: null,
      contacts: [{ name: `联系人${i}`, title: "采购经理", phone: `138${String(i).padStart(8, "0")}`, email: null, role: "PROCUREMENT" as const }],
      tags: [],
    };
    const c: Customer = {
      id: newId(created), orgId: ORG, ...fields, ownerId: owner?.id ?? null, ownedSince: owner ? created.toISOString() : null,
      lastFollowUpAt: null, nextActionOn: null, releaseAt: null, nameKey: nameKey(fields.name), searchText: searchText(fields),
      createdAt: created.toISOString(), createdBy: owner?.id ?? admin.id, updatedAt: created.toISOString(), version: 1,
    };
    customerIds.push(c.id);
    if (c.ownerId) held.push({ id: c.id, ownerId: c.ownerId });
    items.push(customerItem({ ...c, ownerManagerId: owner?.managerId ?? null }), { ...key.customerName(ORG, c.nameKey), _type: "Unique", customerId: c.id });
    const entries = 1 + Math.floor(random() * 6);
    for (let k = 0; k < entries; k++) {
      const a: Activity = {
        id: newId(new Date(created.getTime() + k * 60_000)), orgId: ORG, subjectType: "CUSTOMER", subjectId: c.id,
        kind: k === 0 ? "CREATED" : "FOLLOW_UP", at: new Date(created.getTime() + k * 60_000).toISOString(),
        actorId: owner?.id ?? admin.id, changes: [], ...(k ? { followUpKind: "CALL" as const, note: `第${k}次电话跟进`, occurredAt: created.toISOString() } : {}),
      };
      items.push(activityItem(a));
      activities++;
    }
  }
  items.push(...[admin, gm, ...managers, ...reps].map(userItem));
  const started = performance.now();
  const chunks = 8;
  const size = Math.ceil(items.length / chunks);
  await Promise.all(Array.from({ length: chunks }, (_, i) => batchPut(db, items.slice(i * size, (i + 1) * size))));
  return { orgId: ORG, admin, gm, managers, reps, customerIds, held, items: items.length, activities, loadSeconds: (performance.now() - started) / 1000 };
}
