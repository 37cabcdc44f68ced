import { type Actor, createActor, type Deps } from "../core/actor";
import { ManualClock } from "../core/clock";
import { withCheckCharacter } from "../core/credit-code";
import { createCustomer, type Customer, DuplicateCustomerError, logFollowUp, type FollowUpKind } from "../core/customer";
import { updateOrganization } from "../core/organization";
import { createUser, type User } from "../core/user";
import { ensureAdmin, findUser, localDeps } from "./bootstrap";
import { runningStackConfig } from "./stack-lock";
import { DEMO_CUSTOMERS, DEMO_ORG_NAME, DEMO_USERS } from "./demo-data";
import { seedPipeline } from "./demo-pipeline";
import { priceBookLines, seedProducts } from "./demo-products";
import { seedWorkOrders } from "./demo-work-orders";

const DAY = 86_400_000;
const ORG_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/** A valid, stable credit code per demo customer. */
function demoCreditCode(i: number): string {
  const code = [...String(i * 7919).padStart(6, "0")].map((d, k) => ORG_CODE_ALPHABET[(Number(d) * 3 + k) % 31]).join("");
  return withCheckCharacter(`91330200MA2${code}`);
}

const NOTES: Record<FollowUpKind, string[]> = {
  VISIT: ["现场拜访设备部，了解明年检修计划中的阀门更换需求", "陪同技术部到现场测绘管线，确认口径与压力等级"],
  CALL: ["电话沟通报价进度，客户希望下周拿到技术方案", "与采购确认供应商入围资料清单"],
  MESSAGE: ["微信发送样本与选型手册，客户已读", "发送ISO认证与API 6D证书扫描件"],
  MEETING: ["参加客户技术交流会，介绍低泄漏蝶阀方案", "与客户总工、采购三方会谈，讨论框架协议"],
};

/**
 * `npm run seed`: the demo organization into the running local stack, through the same domain
 * rules the API uses. Safe to run again: existing users are kept and duplicates skipped.
 */
export async function seedDemo(deps: Deps, orgId: string, now = new Date(), mailUrl: string | null = null): Promise<{ users: number; products: number; customers: number; deals: number; quotes: number }> {
  const clock = new ManualClock(new Date(now.getTime() - 200 * DAY));
  const at = (user: User): Actor => createActor(user, { ...deps, clock });
  const admin = await ensureAdmin(deps, orgId);
  const org = await deps.store.organizations.get(orgId);
  if (org.name !== DEMO_ORG_NAME) await updateOrganization(at(admin), org.version, { name: DEMO_ORG_NAME });

  const users = new Map<string, User>();
  for (const u of DEMO_USERS) {
    const existing = await findUser(deps, u.email, orgId);
    const user =
      existing ??
      (await createUser(at(admin), {
        name: u.name,
        email: u.email,
        roles: u.roles,
        managerId: u.manager ? users.get(u.manager)?.id : null,
        region: u.region,
        department: u.department,
        locale: u.locale ?? "zh-CN",
      }));
    users.set(u.key, user);
  }

  // The price book first: the demo quotes pick from it.
  const products = await seedProducts({ ...deps, clock }, users.get("fin") as User);

  const created: Customer[] = [];
  for (const [i, c] of DEMO_CUSTOMERS.entries()) {
    clock.set(new Date(now.getTime() - 200 * DAY + i * 3_600_000));
    const owner = c.owner ? (users.get(c.owner) as User) : admin;
    try {
      const customer = await createCustomer(at(owner), {
        name: c.name,
        tier: c.tier,
        industry: c.industry,
        region: c.region,
        source: c.source,
        creditCode: demoCreditCode(i + 1),
        address: `${c.city}市`,
        contacts: [{ ...c.contact, phone: `1${String(3800000000 + i * 7331).slice(0, 10)}` }],
        tags: c.tags,
        inPool: !c.owner,
      });
      created.push(customer);
      if (c.owner && c.followedUpDaysAgo !== undefined) {
        const kinds: FollowUpKind[] = ["VISIT", "CALL", "MESSAGE", "MEETING"];
        for (const [k, daysAgo] of [c.followedUpDaysAgo + 9, c.followedUpDaysAgo].entries()) {
          clock.set(new Date(now.getTime() - daysAgo * DAY));
          const kind = kinds[(i + k) % kinds.length];
          await logFollowUp(at(owner), customer.id, { kind, note: NOTES[kind][(i + k) % 2] });
        }
      }
    } catch (error) {
      if (!(error instanceof DuplicateCustomerError)) throw error;
    }
  }
  // Deals only on a first run: a second one finds the customers there and adds nothing.
  const { deals, quotes } = created.length ? await seedPipeline({ ...deps, clock }, created, users, now, mailUrl) : { deals: 0, quotes: 0 };
  // Two work orders to TECH and the sales managers (the same requests again are kept, by their idempotency keys).
  if (created.length) await seedWorkOrders({ ...deps, clock }, created, users, now);
  return { users: users.size + 1, products, customers: created.length, deals, quotes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // The stack running on DATA_DIR, on its ports.
  Promise.resolve()
    .then(() => runningStackConfig())
    .then(async (cfg) => ({ cfg, deps: await localDeps(cfg) }))
    .then(async ({ cfg, deps }) => ({ ...(await seedDemo(deps, cfg.orgId, new Date(), `http://localhost:${cfg.mailPort}`)), priceBook: await priceBookLines(deps, cfg.orgId) }))
    .then((r) => {
      console.log(`Price book (产品目录), ${r.priceBook.length} products, list prices before VAT:\n${r.priceBook.join("\n")}`);
      console.log(`Seeded ${DEMO_ORG_NAME}: ${r.users} users, ${r.products} new price book products, ${r.customers} new customers, ${r.deals} new deals, ${r.quotes} quotes.`);
      if (r.quotes) console.log("Quotes waiting for approval: their emails reach the mail viewer within a minute (npm start's scheduled jobs start them).");
      console.log(`Sign in as anyone, e.g.: npm run --silent token -- --user chen.gang@jierui.example`);
    })
    .catch((error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
