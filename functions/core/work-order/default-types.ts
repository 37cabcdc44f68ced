import type { WorkOrderFieldDef, WorkOrderType } from "./model";

/** The type the quote submission opens for TECH, and the one signing opens for delivery. */
export const FEASIBILITY_REVIEW = "TECH_FEASIBILITY_REVIEW";
export const DELIVERY_HANDOVER = "DELIVERY_HANDOVER";

type FieldOptions = Pick<WorkOrderFieldDef, "min" | "max" | "integer" | "notPast">;
const field = (key: string, zh: string, en: string, kind: WorkOrderFieldDef["kind"], required: boolean, choices?: string[] | FieldOptions): WorkOrderFieldDef => ({
  key,
  label: { zh, en },
  kind,
  required,
  ...(Array.isArray(choices) ? { choices } : (choices ?? {})),
});

/**
 * An organization's types until ADMIN sets its own (the seeds' five cross-department requests, plus
 * the feasibility review and the delivery hand-over the product opens itself). Response 4 business
 * hours, 2 when urgent (the seeds' SLA); resolution as such requests usually take.
 */
export const DEFAULT_WORK_ORDER_TYPES: WorkOrderType[] = [
  {
    key: "SPECIAL_PRICE",
    name: { zh: "特价支持", en: "Special price support" },
    handlingRole: "FINANCE",
    responseHours: 4,
    urgentResponseHours: 2,
    resolutionHours: 16,
    urgentResolutionHours: 8,
    fields: [
      field("listPrice", "标准价", "List price", "MONEY", true),
      field("requestedPrice", "申请价格", "Requested price", "MONEY", true),
      field("expectedMarginPercent", "预计毛利率（%）", "Expected margin (%)", "NUMBER", true, { min: -100, max: 100 }),
      field("riskNote", "风险说明", "Risk note", "TEXT", false),
    ],
  },
  {
    key: "NON_STANDARD_DESIGN",
    name: { zh: "非标设计", en: "Non-standard design" },
    handlingRole: "TECH",
    responseHours: 4,
    urgentResponseHours: 2,
    resolutionHours: 40,
    urgentResolutionHours: 24,
    fields: [
      field("requirement", "设计要求", "Requirement", "TEXT", true),
      field("quantity", "数量", "Quantity", "NUMBER", false, { min: 1, integer: true }),
      field("neededBy", "需要完成日期", "Needed by", "DATE", false, { notPast: true }),
    ],
  },
  {
    key: "URGENT_SHIPMENT",
    name: { zh: "紧急发货", en: "Urgent shipment" },
    handlingRole: "TECH",
    responseHours: 4,
    urgentResponseHours: 2,
    resolutionHours: 8,
    urgentResolutionHours: 4,
    fields: [
      field("requiredBy", "要求到货日期", "Required by", "DATE", true, { notPast: true }),
      field("quantity", "数量", "Quantity", "NUMBER", true, { min: 1, integer: true }),
      field("shipTo", "收货地址", "Ship to", "TEXT", true),
    ],
  },
  {
    key: "CUSTOMER_COMPLAINT",
    name: { zh: "客户投诉", en: "Customer complaint" },
    handlingRole: "MANAGER",
    responseHours: 4,
    urgentResponseHours: 2,
    resolutionHours: 24,
    urgentResolutionHours: 8,
    fields: [
      { ...field("severity", "严重程度", "Severity", "CHOICE", true, ["一般", "严重", "重大"]), choicesEn: ["Minor", "Serious", "Critical"] },
      field("description", "投诉内容", "Complaint", "TEXT", true),
    ],
  },
  {
    key: "CREDIT_TERM_CHANGE",
    name: { zh: "账期变更", en: "Credit-term change" },
    handlingRole: "FINANCE",
    responseHours: 4,
    urgentResponseHours: 2,
    resolutionHours: 16,
    urgentResolutionHours: 8,
    fields: [
      field("currentTermDays", "现账期（天）", "Current term (days)", "NUMBER", true, { min: 0, max: 365, integer: true }),
      field("requestedTermDays", "申请账期（天）", "Requested term (days)", "NUMBER", true, { min: 0, max: 365, integer: true }),
      field("reason", "申请理由", "Reason", "TEXT", true),
    ],
  },
  {
    key: FEASIBILITY_REVIEW,
    name: { zh: "技术可行性评审", en: "Technical feasibility review" },
    handlingRole: "TECH",
    responseHours: 4,
    urgentResponseHours: 2,
    // The seeds: "quote sent" creates a technical review due in 24 h, escalated to the director if late.
    resolutionHours: 24,
    urgentResolutionHours: 24,
    fields: [field("revision", "报价版本", "Quote revision", "NUMBER", false, { min: 1, integer: true })],
  },
  {
    key: DELIVERY_HANDOVER,
    name: { zh: "交付交接", en: "Delivery hand-over" },
    handlingRole: "TECH",
    responseHours: 4,
    urgentResponseHours: 2,
    resolutionHours: 16,
    urgentResolutionHours: 8,
    fields: [],
  },
];
