import { createActor, type Deps } from "../core/actor";
import type { ManualClock } from "../core/clock";
import type { Customer } from "../core/customer";
import type { User } from "../core/user";
import { assignWorkOrder, createWorkOrder, transitionWorkOrder } from "../core/work-order";

const HOUR = 3_600_000;

/**
 * Two demo work orders through the same rules the API uses: an urgent shipment 陈刚 asked of TECH
 * yesterday, taken on by 马志远 and in progress; and a customer complaint from this morning that no
 * manager has acknowledged yet (past its response deadline once the day has run on).
 */
export async function seedWorkOrders(deps: Deps & { clock: ManualClock }, customers: Customer[], users: Map<string, User>, now: Date): Promise<number> {
  const chen = users.get("chen");
  const ma = users.get("ma");
  const sun = users.get("sun");
  const east = users.get("east");
  const heldBy = (u: User | undefined) => customers.find((c) => c.ownerId === u?.id);
  if (!chen || !ma || !sun || !east) return 0;
  const as = (u: User) => createActor(u, deps);

  deps.clock.set(new Date(now.getTime() - 26 * HOUR));
  const shipment = await createWorkOrder(as(chen), {
    typeKey: "URGENT_SHIPMENT",
    title: "DN300 蝶阀 4 台加急发货",
    customerId: heldBy(chen)?.id ?? null,
    urgent: true,
    fields: [
      { key: "requiredBy", date: new Date(now.getTime() + 3 * 24 * HOUR).toISOString().slice(0, 10) },
      { key: "quantity", number: 4 },
      { key: "shipTo", text: "宁波市镇海区炼化厂区东门仓库" },
    ],
    idempotencyKey: "demo-urgent-shipment",
  });
  deps.clock.set(new Date(now.getTime() - 25 * HOUR));
  await assignWorkOrder(as(ma), shipment.id, ma.id).catch(() => undefined);
  if (shipment.status === "OPEN") {
    await transitionWorkOrder(as(ma), shipment.id, "ACKNOWLEDGED");
    await transitionWorkOrder(as(ma), shipment.id, "IN_PROGRESS");
  }

  deps.clock.set(new Date(now.getTime() - 3 * HOUR));
  await createWorkOrder(as(sun), {
    typeKey: "CUSTOMER_COMPLAINT",
    title: "客户反映新装阀门填料处渗漏",
    customerId: heldBy(sun)?.id ?? null,
    fields: [
      { key: "severity", text: "严重" },
      { key: "description", text: "上周安装的 DN200 闸阀在试压时填料处渗漏，客户要求两天内派人到现场处理。" },
    ],
    idempotencyKey: "demo-complaint",
  });
  await closeOutHistory(deps, users, now);
  deps.clock.set(now);
  return 2;
}

/**
 * The reviews and hand-overs the demo's older quotes and signings opened were handled at the time:
 * acknowledged within the hour, resolved the next day and closed; the last three days' stay open.
 */
async function closeOutHistory(deps: Deps & { clock: ManualClock }, users: Map<string, User>, now: Date): Promise<void> {
  const ma = users.get("ma") as User;
  const orgId = ma.orgId;
  const old = await deps.store.workOrders.createdBetween(orgId, "0", new Date(now.getTime() - 72 * HOUR).toISOString());
  for (const wo of old.filter((w) => w.status === "OPEN")) {
    const at = (hours: number) => deps.clock.set(new Date(Date.parse(wo.createdAt) + hours * HOUR));
    at(1);
    await transitionWorkOrder(createActor(ma, deps), wo.id, "ACKNOWLEDGED");
    at(2);
    await transitionWorkOrder(createActor(ma, deps), wo.id, "IN_PROGRESS");
    at(20);
    await transitionWorkOrder(createActor(ma, deps), wo.id, "RESOLVED");
    const requester = [...users.values()].find((u) => u.id === wo.createdBy) ?? ma;
    await transitionWorkOrder(createActor(requester, deps), wo.id, "CLOSED").catch(() => undefined);
  }
}
