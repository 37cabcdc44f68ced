import type { Actor } from "../actor";
import { peopleById } from "./people";
import { type Contact, type ContactRole, type Customer, releaseAtFor } from "../customer";
import { formatLocalTime, pick } from "../format";
import type { Organization } from "../organization";
import type { Locale } from "../text";
import type { User } from "../user";
import { type Column, column } from "./columns";

const ROLE_LABELS: Record<ContactRole, [string, string]> = {
  DECISION_MAKER: ["决策人", "decision maker"],
  INFLUENCER: ["影响人", "influencer"],
  TECHNICAL: ["技术", "technical"],
  PROCUREMENT: ["采购", "procurement"],
  FINANCE: ["财务", "finance"],
  USER: ["使用人", "user"],
  OTHER: ["其他", "other"],
};

/** "周工（采购，经理）138-0571-0000 zhou@x.cn", one contact a line, as a sales manager reads a card. */
function contactLine(c: Contact, locale: Locale): string {
  const about = [c.role ? ROLE_LABELS[c.role][locale === "en" ? 1 : 0] : null, c.title].filter(Boolean).join(locale === "en" ? ", " : "，");
  const name = about ? (locale === "en" ? `${c.name} (${about})` : `${c.name}（${about}）`) : c.name;
  return [name, c.phone, c.email].filter(Boolean).join(" ");
}

interface CustomerRow {
  c: Customer;
  owner: User | null;
}

/** The columns a sales manager expects of a customer list, in the order of the customer card. */
export function customerColumns(org: Organization, locale: Locale): Column<CustomerRow>[] {
  const time = (at: string | null | undefined) => (at ? formatLocalTime(at, org.timeZone) : null);
  return [
    column("客户名称", "Name", "text", 32, (r) => r.c.name),
    column("统一社会信用代码", "Credit code", "text", 22, (r) => r.c.creditCode),
    column("客户等级", "Tier", "text", 8, (r) => r.c.tier),
    column("行业", "Industry", "text", 14, (r) => r.c.industry),
    column("区域", "Region", "text", 10, (r) => r.c.region),
    column("来源", "Source", "text", 12, (r) => r.c.source),
    column("负责人", "Owner", "text", 12, (r) => r.owner?.name ?? null),
    column("状态", "Status", "text", 8, (r) => (r.c.ownerId ? pick(locale, "已领取", "Held") : pick(locale, "公海", "Pool"))),
    column("联系人", "Contacts", "text", 40, (r) => r.c.contacts.map((c) => contactLine(c, locale)).join("\n") || null),
    column("电话", "Phone", "text", 16, (r) => r.c.phone),
    column("地址", "Address", "text", 30, (r) => r.c.address),
    column("网站", "Website", "text", 20, (r) => r.c.website),
    column("标签", "Tags", "text", 16, (r) => r.c.tags.join(locale === "en" ? ", " : "、") || null),
    column("备注", "Remark", "text", 30, (r) => r.c.remark),
    column("创建时间", "Created", "dateTime", 17, (r) => time(r.c.createdAt)),
    column("最近跟进", "Last follow-up", "dateTime", 17, (r) => time(r.c.lastFollowUpAt)),
    column("下次行动日期", "Next action on", "date", 12, (r) => r.c.nextActionOn),
    column("回归公海时间", "Returns to pool", "dateTime", 17, (r) => time(releaseAtFor(r.c, org))),
  ];
}

/** Each customer with its owner. */
export async function customerRows(actor: Actor, customers: Customer[]): Promise<CustomerRow[]> {
  const byId = await peopleById(actor, customers.map((c) => c.ownerId));
  return customers.map((c) => ({ c, owner: c.ownerId ? (byId.get(c.ownerId) ?? null) : null }));
}
