import { businessCalendarOf } from "../functions/core/calendar/business-hours";
import type { Organization } from "../functions/core/organization";
import { followUpSlaHoursOf, SLA_STAGES, type SlaStage } from "../functions/core/sla/settings";
import type { ObjectRef } from "@pothos/core";
import { builder, type SchemaTypes } from "./builder";
import { StageEnum } from "./opportunity";

/** Working hours and the follow-up SLA per stage: read on Organization, set with updateOrganization. */
const BusinessHoursRef = builder.objectRef<Omit<ReturnType<typeof businessCalendarOf>, "timeZone">>("BusinessHours").implement({
  description: "When people work, in the organization's time zone: business-hour SLAs (follow-ups, approvals, work orders) count only this time.",
  fields: (t) => ({
    workStart: t.exposeString("workStart", { description: "HH:mm local, 09:00 unless set." }),
    workEnd: t.exposeString("workEnd", { description: "HH:mm local, 18:00 unless set." }),
    closedDays: t.exposeStringList("closedDays", { description: "Days (YYYY-MM-DD) the organization is closed although China works." }),
    extraWorkdays: t.exposeStringList("extraWorkdays", { description: "Days the organization works although China does not." }),
  }),
});

const StageSlaRef = builder.objectRef<{ stage: SlaStage; hours: number }>("StageFollowUpSla").implement({
  fields: (t) => ({
    stage: t.field({ type: StageEnum, resolve: (s) => s.stage }),
    hours: t.exposeFloat("hours", { description: "Business hours from entering the stage (or the last follow-up) to the next follow-up; 0 off." }),
  }),
});

export const BusinessHoursInput = builder.inputType("BusinessHoursInput", {
  description: "A field left out keeps its value. China's weekends, public holidays and make-up workdays (调休) apply besides these.",
  fields: (t) => ({
    workStart: t.string({ description: "HH:mm, before workEnd." }),
    workEnd: t.string({ description: "HH:mm." }),
    closedDays: t.stringList({ description: "YYYY-MM-DD, at most 366; replaces the list." }),
    extraWorkdays: t.stringList({ description: "YYYY-MM-DD, at most 366; replaces the list." }),
  }),
});

export const StageFollowUpSlaInput = builder.inputType("StageFollowUpSlaInput", {
  fields: (t) => ({
    stage: t.field({ type: StageEnum, required: true, description: "LEAD, FIRST_CONTACT, NEEDS_CONFIRMED or QUOTED." }),
    hours: t.float({ required: true, description: "0–240 business hours, in quarter hours; 0 turns the stage's SLA off." }),
  }),
});

/** Added to Organization here, beside their inputs (organization.ts imports the inputs). */
export function addSlaSettingsFields(ref: ObjectRef<SchemaTypes, Organization>) {
  builder.objectFields(ref, (t) => ({
    businessHours: t.field({ type: BusinessHoursRef, resolve: (o) => businessCalendarOf(o) }),
    followUpSlaHours: t.field({
      type: [StageSlaRef],
      description: "Follow-up SLA per open stage (seeds: lead 2 h, first contact 24 h, needs confirmed 48 h, quoted 72 h).",
      resolve: (o) => SLA_STAGES.map((stage) => ({ stage, hours: followUpSlaHoursOf(o)[stage] })),
    }),
  }));
}
