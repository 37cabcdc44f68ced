import { labelOfPath } from "./field-labels";
import type { Text } from "./text";

/**
 * Expected failures. Each carries its text in both languages; the API picks the reader's locale.
 * The GraphQL layer turns these into typed results a client can branch on; anything else is masked.
 */
export class DomainError extends Error {
  constructor(
    readonly text: Text,
    options?: { cause?: unknown },
  ) {
    super(text.en, options);
    this.name = "DomainError";
  }
}

export interface FieldIssue {
  /** Path of the offending input field, e.g. ["contacts", "0", "email"]. */
  path: string[];
  code: string;
  text: Text;
  /** What people call the field (交付日期), for the message; absent: the message names the path. */
  label?: Text;
}

/** A text that says something of its field ("不能为空", "must be …") rather than a whole sentence ("签订日期不能晚于今天"). */
const PREDICATE_ZH = /^(不能|不可|不得|不是|不存在|不在|不属于|不支持|须|必须|只能|应|格式|无效|已|超过|最多|至少|仅|与|早于|晚于|重复|未|编号|需|有误|为|在|非|是)/;
const isPredicate = (text: string, lang: keyof Text) => (lang === "zh" ? PREDICATE_ZH.test(text) : /^[a-z]/.test(text));

/**
 * The issue as people read it: a predicate after what they call the field (its own label, else one
 * made of the path's names, see field-labels.ts, else the path); a whole sentence as it is, unless
 * its checker labelled the field.
 */
const named = (i: FieldIssue, lang: keyof Text) => {
  const text = i.text[lang];
  const auto = i.label ? undefined : labelOfPath(i.path);
  if (!i.label && !isPredicate(text, lang)) return auto?.context ? `${auto.context[lang]}${lang === "zh" ? "" : ": "}${text}` : text;
  const label = i.label ?? auto;
  return label ? `${label[lang]}${lang === "zh" ? "" : " "}${text}` : `${i.path.join(".")} ${text}`;
};

export class ValidationError extends DomainError {
  constructor(readonly issues: FieldIssue[]) {
    super({
      zh: `输入有误：${issues.map((i) => named(i, "zh")).join("；")}`,
      en: `Invalid input: ${issues.map((i) => named(i, "en")).join("; ")}`,
    });
    this.name = "ValidationError";
  }
}

/** What a reader calls each kind of record (Chinese, English prose), for messages. */
const ENTITY_NAMES: Record<string, Text> = {
  Customer: { zh: "客户", en: "Customer" },
  User: { zh: "用户", en: "User" },
  Opportunity: { zh: "商机", en: "Opportunity" },
  Evidence: { zh: "附件", en: "Attachment" },
  Quote: { zh: "报价单", en: "Quote" },
  Contract: { zh: "合同", en: "Contract" },
  Product: { zh: "产品", en: "Product" },
  Approval: { zh: "审批", en: "Approval" },
  ApprovalLink: { zh: "审批链接", en: "Approval link" },
  WorkOrder: { zh: "工单", en: "Work order" },
  Instalment: { zh: "付款期", en: "Instalment" },
  Webhook: { zh: "Webhook", en: "Webhook" },
  WebhookDelivery: { zh: "Webhook 投递记录", en: "Webhook delivery" },
};

/**
 * Also what a caller gets for something that exists but is not theirs to see. The message names the
 * kind of record, never its id: the internal key is not the id a client sent (nor one to show).
 */
export class NotFoundError extends DomainError {
  constructor(readonly entity: string, readonly id: string) {
    const name = ENTITY_NAMES[entity] ?? { zh: "记录", en: "Record" };
    super({ zh: `未找到${name.zh}。`, en: `${name.en} not found` });
    this.name = "NotFoundError";
  }
}

export class ForbiddenError extends DomainError {
  constructor(text: Text = { zh: "无权执行此操作", en: "You are not allowed to do this" }) {
    super(text);
    this.name = "ForbiddenError";
  }
}

/** Optimistic locking: the caller edited an older version; `current` is what is stored now. */
export class VersionConflictError<T = unknown> extends DomainError {
  constructor(readonly current: T, readonly currentVersion: number) {
    super({
      zh: `数据已被他人修改（当前版本 ${currentVersion}），请刷新后重试`,
      en: `Someone else changed this first (now version ${currentVersion}); reload and try again`,
    });
    this.name = "VersionConflictError";
  }
}

export function assertUnreachable(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
