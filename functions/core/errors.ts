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
}

export class ValidationError extends DomainError {
  constructor(readonly issues: FieldIssue[]) {
    super({
      zh: `输入有误：${issues.map((i) => `${i.path.join(".")} ${i.text.zh}`).join("；")}`,
      en: `Invalid input: ${issues.map((i) => `${i.path.join(".")} ${i.text.en}`).join("; ")}`,
    });
    this.name = "ValidationError";
  }
}

const ENTITY_NAMES: Record<string, string> = { Customer: "客户", User: "用户", Opportunity: "商机", Evidence: "附件", Quote: "报价单", Contract: "合同", Product: "产品", Approval: "审批", ApprovalLink: "审批链接", WorkOrder: "工单" };

/** Also what a caller gets for something that exists but is not theirs to see. */
export class NotFoundError extends DomainError {
  constructor(readonly entity: string, readonly id: string) {
    super({ zh: `未找到${ENTITY_NAMES[entity] ?? entity}(${id})`, en: `${entity} ${id} not found` });
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
      zh: `数据已被他人修改(当前版本 ${currentVersion}),请刷新后重试`,
      en: `Someone else changed this first (now version ${currentVersion}); reload and try again`,
    });
    this.name = "VersionConflictError";
  }
}

export function assertUnreachable(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
