import * as FollowUp from "../functions/core/quote-follow-up";
import { localize } from "../functions/core/text";
import { builder } from "./builder";
import { queryErrors } from "./errors";
import { GroupByEnum } from "./forecast";
import { UserRef } from "./user";
import { loadUser } from "../functions/core/actor";
import { DAYS_NOTE, measure, ratio, RATIO_NOTE } from "./number-formats";

type Row = { key: string; label: { zh: string; en: string }; userId: string | null; figures: FollowUp.AcceptanceRow["figures"] };

const QuoteAcceptanceRowRef = builder.objectRef<Row>("QuoteAcceptanceRow").implement({
  description: "One rep, team or region (or the total): quotes first sent in the period and what became of them.",
  fields: (t) => ({
    key: t.exposeString("key"),
    label: t.string({ resolve: (r, _, ctx) => localize(r.label, ctx.locale) }),
    user: t.field({ type: UserRef, nullable: true, description: "The rep, or the team's manager.", resolve: (r, _, ctx) => (r.userId ? loadUser(ctx.actor, r.userId) : null) }),
    sent: t.int({ description: "Quotes whose first send SES took in the period.", resolve: (r) => r.figures.sent }),
    viewed: t.int({ description: "Of those, opened by a person (machine and internal views never count).", resolve: (r) => r.figures.viewed }),
    accepted: t.int({ description: "Of those, accepted by the customer online.", resolve: (r) => r.figures.accepted }),
    rate: t.float({ nullable: true, description: `accepted ÷ sent; null when none was sent. ${RATIO_NOTE}`, resolve: (r) => ratio(r.figures.rate) }),
    medianHoursToFirstView: t.float({ nullable: true, description: `From the first send to the first human view, hours. ${DAYS_NOTE}`, resolve: (r) => measure(r.figures.medianHoursToFirstView) }),
    medianHoursToAcceptance: t.float({ nullable: true, description: `From the first send to the acceptance, hours. ${DAYS_NOTE}`, resolve: (r) => measure(r.figures.medianHoursToAcceptance) }),
  }),
});

const QuoteAcceptanceRateRef = builder.objectRef<FollowUp.AcceptanceRate>("QuoteAcceptanceRate").implement({
  fields: (t) => ({
    period: t.exposeString("period"),
    groupBy: t.field({ type: GroupByEnum, resolve: (a) => a.groupBy }),
    rows: t.field({ type: [QuoteAcceptanceRowRef], resolve: (a) => a.rows.map((r) => ({ ...r.group, figures: r.figures })) }),
    total: t.field({ type: QuoteAcceptanceRowRef, resolve: (a) => ({ key: "TOTAL", label: { zh: "合计", en: "Total" }, userId: null, figures: a.total }) }),
  }),
});

builder.queryField("quoteAcceptanceRate", (t) =>
  t.field({
    type: QuoteAcceptanceRateRef,
    description: "Managers (their team), GM and ADMIN: quotes sent, viewed and accepted, and the median hours to each, per rep, team or region.",
    args: {
      period: t.arg.string({ required: true, description: 'A month "2026-11", quarter "2026-Q4" or year "2026", in the organization\'s calendar.' }),
      groupBy: t.arg({ type: GroupByEnum, defaultValue: "REP" }),
    },
    resolve: (_, { period, groupBy }, ctx) => queryErrors(ctx, () => FollowUp.quoteAcceptanceRate(ctx.actor, period, groupBy ?? "REP")),
  }),
);
