import type { DigestSource } from "../digest/sources";
import { formatMoney } from "../money";
import { hasRole } from "../user/model";
import { morningOf } from "./schedule";
import { outstandingOf } from "./model";

/**
 * COLLECTIONS in a person's digest: instalments due on the day or overdue and not paid. Finance sees
 * the organization's (one read of its open instalments up to the day); anyone else the ones on
 * their own contracts (one read of their open instalments).
 */
export const collectionsDue: DigestSource = async (deps, org, user, day) => {
  const open = hasRole(user, "FINANCE")
    ? await deps.store.instalments.openDueBy(org.id, day)
    : await deps.store.instalments.openDueByForOwner(org.id, user.id, day);
  return open
    .filter((i) => i.dueOn && outstandingOf(i) > 0)
    .map((i) => {
      const owed = formatMoney({ fen: outstandingOf(i), currency: i.currency });
      const late = i.dueOn! < day;
      return {
        section: "COLLECTIONS" as const,
        title: {
          zh: `合同 ${i.contractNumber}「${i.label}」${late ? `已于 ${i.dueOn} 逾期` : "今日到期"}，未收 ${owed}`,
          en: `Contract ${i.contractNumber}, "${i.label}": ${late ? `overdue since ${i.dueOn}` : "due today"}, ${owed} to collect`,
        },
        at: morningOf(i.dueOn!, org.timeZone),
      };
    });
};
