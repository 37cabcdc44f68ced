import * as Collections from "../functions/core/collections";
import { loadUser } from "../functions/core/actor";
import { visibleCustomer } from "../functions/core/customer/access";
import type { Currency } from "../functions/core/money";
import { builder } from "./builder";
import { CustomerRef } from "./customer";
import { queryErrors } from "./errors";
import { inputId } from "./ids";
import { MoneyRef } from "./money";
import { UserRef } from "./user";
import { DAYS_NOTE, measure, ratio, RATIO_NOTE } from "./number-formats";

const AgingBucketEnum = builder.enumType("AgingBucket", {
  description: "Days past the due date on the report's day: NOT_DUE (not yet due, due that day, or its event not yet recorded), 1–30, 31–60, 61–90, over 90.",
  values: Collections.AGING_BUCKETS,
});

type WithCurrency<T> = T & { currency: Currency };
const money = (fen: number, currency: Currency) => ({ fen, currency });

const AgingRef = builder.objectRef<WithCurrency<Collections.Receivables["aging"][number]>>("AgingBucketAmount").implement({
  fields: (t) => ({
    bucket: t.field({ type: AgingBucketEnum, resolve: (b) => b.bucket }),
    amount: t.field({ type: MoneyRef, resolve: (b) => money(b.fen, b.currency) }),
    instalments: t.int({ description: "Instalments with money outstanding in this bucket.", resolve: (b) => b.count }),
  }),
});

type Rate = WithCurrency<Collections.Receivables["byRep"][number]>;
const rateFields = (t: PothosSchemaTypes.ObjectFieldBuilder<any, Rate>) => ({
  due: t.field({ type: MoneyRef, description: "Amounts of instalments due on or before the day.", resolve: (r: Rate) => money(r.dueFen, r.currency) }),
  collected: t.field({ type: MoneyRef, description: "Received by the day on those instalments.", resolve: (r: Rate) => money(r.collectedFen, r.currency) }),
  rate: t.float({ nullable: true, description: `collected ÷ due; null when nothing was due. ${RATIO_NOTE}`, resolve: (r: Rate) => ratio(r.rate) }),
});

const RepRateRef = builder.objectRef<Rate>("RepCollectionRate").implement({
  fields: (t) => ({ owner: t.field({ type: UserRef, nullable: true, resolve: (r, _, ctx) => loadUser(ctx.actor, r.id) }), ...rateFields(t) }),
});
const CustomerRateRef = builder.objectRef<Rate>("CustomerCollectionRate").implement({
  fields: (t) => ({ customer: t.field({ type: CustomerRef, nullable: true, resolve: (r, _, ctx) => visibleCustomer(ctx.actor, r.id) }), ...rateFields(t) }),
});

const ReceivablesRef = builder.objectRef<Collections.Receivables>("Receivables").implement({
  description:
    "Signed contracts' receivables on a day (organization calendar), from the instalments and the payments received up to that day. " +
    "DSO = outstanding on instalments due on or before the day ÷ amounts of instalments that fell due in the 90 days up to it (the day and 89 before) × 90, to one decimal; null when nothing fell due in those 90 days. " +
    "Collection rate = received by the day (each instalment counted up to its amount) ÷ amounts due on or before the day.",
  fields: (t) => ({
    asOf: t.field({ type: "Date", resolve: (r) => r.asOf }),
    outstanding: t.field({ type: MoneyRef, description: "Everything not yet received, due or not.", resolve: (r) => money(r.outstandingFen, r.currency) }),
    aging: t.field({ type: [AgingRef], resolve: (r) => r.aging.map((b) => ({ ...b, currency: r.currency })) }),
    dueOutstanding: t.field({ type: MoneyRef, description: "DSO's numerator: outstanding on instalments due by the day.", resolve: (r) => money(r.dueOutstandingFen, r.currency) }),
    dueLast90Days: t.field({ type: MoneyRef, description: "DSO's denominator: amounts that fell due in the 90 days up to the day.", resolve: (r) => money(r.dueLast90Fen, r.currency) }),
    dso: t.float({ nullable: true, description: `Days sales outstanding (see the type's description). ${DAYS_NOTE}`, resolve: (r) => measure(r.dso) }),
    byRep: t.field({ type: [RepRateRef], resolve: (r) => r.byRep.map((x) => ({ ...x, currency: r.currency })) }),
    byCustomer: t.field({ type: [CustomerRateRef], resolve: (r) => r.byCustomer.map((x) => ({ ...x, currency: r.currency })) }),
  }),
});

const ReceivablesFilterInput = builder.inputType("ReceivablesFilter", {
  fields: (t) => ({ ownerId: t.id(), customerId: t.id() }),
});

builder.queryField("receivables", (t) =>
  t.field({
    type: ReceivablesRef,
    description: "Aging, DSO and collection rates. Reps see their own contracts, managers their team's, FINANCE, GM and ADMIN everyone's.",
    args: { filter: t.arg({ type: ReceivablesFilterInput }), asOf: t.arg({ type: "Date", required: true }) },
    resolve: (_, { filter, asOf }, ctx) =>
      queryErrors(ctx, () =>
        Collections.receivables(
          ctx.actor,
          {
            ownerId: filter?.ownerId ? inputId(String(filter.ownerId), "User", "filter.ownerId", { zh: "负责人", en: "owner" }) : null,
            customerId: filter?.customerId ? inputId(String(filter.customerId), "Customer", "filter.customerId", { zh: "客户", en: "customer" }) : null,
          },
          asOf,
        ),
      ),
  }),
);
