import type { QuoteTrackingSettings } from "../functions/core/quote-tracking/settings";
import { builder } from "./builder";

/** The organization's read-tracking settings (on Organization and UpdateOrganizationInput). */
export const QuoteTrackingSettingsRef = builder.objectRef<QuoteTrackingSettings>("QuoteTrackingSettings").implement({
  description:
    "Read tracking of quote links: networks whose views are internal, and when the owner hears a page is read again and again. Besides these networks, views from an address our people used the API from in the last 24 hours are INTERNAL (STAFF_IP), except loopback (127.0.0.0/8, ::1): on a machine running the local stack the customer's browser and the staff's client share it, so it is never taken for staff (list 127.0.0.0/8 here to exclude it).",
  fields: (t) => ({
    excludedNetworks: t.exposeStringList("excludedNetworks", { description: "CIDR blocks (the office, the VPN): views from them are INTERNAL, never counted." }),
    alertPageVisits: t.exposeInt("alertPageVisits", { description: "A page read in this many separate visits through one send tells the quote's owner (default 3)." }),
    alertPageSeconds: t.exposeInt("alertPageSeconds", { description: "…or read this many seconds in all (default 180)." }),
  }),
});

export const QuoteTrackingSettingsInput = builder.inputType("QuoteTrackingSettingsInput", {
  description: "A field left out keeps its value.",
  fields: (t) => ({
    excludedNetworks: t.stringList({ description: "Replaces the list; at most 50, e.g. 203.0.113.0/24 or 2001:db8::/32." }),
    alertPageVisits: t.int({ description: "1–100." }),
    alertPageSeconds: t.int({ description: "10–86400." }),
  }),
});
