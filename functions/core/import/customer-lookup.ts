import { canSeeCustomer, customerScope } from "../access";
import type { Actor } from "../actor";
import type { Customer } from "../customer/model";
import { nameKey } from "../customer/normalize";
import type { Text } from "../text";
import { labelled } from "./columns";
import type { ImportKind, SheetRow } from "./model";
import type { RowContext } from "./customer-rows";

/** The customers a file names (columns customerName / customerCreditCode), found by their uniqueness items. */
export interface NamedCustomers {
  customers: Map<string, Customer>;
  byCreditCode: Map<string, string>;
  byName: Map<string, string>;
}

const codeOf = (text: string | undefined) => text?.normalize("NFKC").trim().toUpperCase() || undefined;

/** Reads every customer the rows name at once: the credit code and name items, then the customers (two BatchGetItems). */
export async function loadNamedCustomers(actor: Actor, rows: SheetRow[], cellOf: (r: SheetRow, field: string) => string | undefined): Promise<NamedCustomers> {
  const { deps, viewer } = actor;
  const codes = rows.flatMap((r) => codeOf(cellOf(r, "customerCreditCode")) ?? []);
  const names = rows.flatMap((r) => cellOf(r, "customerName")?.trim() || []).map(nameKey);
  const holders = await deps.store.imports.customerHolders(viewer.orgId, codes, names);
  const ids = [...new Set([...holders.byCreditCode.values(), ...holders.byName.values()])];
  const customers = new Map((await deps.store.customers.getMany(ids)).flatMap((c) => (c && c.orgId === viewer.orgId ? [[c.id, c] as const] : [])));
  return { customers, ...holders };
}

/**
 * The customer a row names, by credit code or name (normalized as the uniqueness items are); both
 * given must name the same one; one the importer may not see is reported as not found, as
 * visibleCustomer makes it look absent.
 */
export function findCustomer(kind: ImportKind, ctx: RowContext & NamedCustomers, codeCell: string | undefined, nameCell: string | undefined): { customer: Customer } | { problem: Text } {
  const label = (text: Text) => labelled(kind, "customerName", text);
  const code = codeOf(codeCell);
  const name = nameCell?.trim();
  if (!code && !name) return { problem: label({ zh: "须填写客户名称或统一社会信用代码", en: "give the customer's name or credit code" }) };
  const byCode = code ? ctx.byCreditCode.get(code) : undefined;
  const byName = name ? ctx.byName.get(nameKey(name)) : undefined;
  if (byCode && byName && byCode !== byName) return { problem: label({ zh: "客户名称与统一社会信用代码指向不同的客户", en: "the name and the credit code name different customers" }) };
  const id = byCode ?? byName;
  const found = id ? ctx.customers.get(id) : undefined;
  if (!found || (code && !byCode) || !canSeeCustomer(customerScope(ctx.viewer, ctx.team), found)) {
    const given = [name, code].filter(Boolean).join(" / ");
    return { problem: label({ zh: `未找到客户“${given}”（或您无权查看）`, en: `no customer "${given}" (or not one you may see)` }) };
  }
  return { customer: found };
}
