import { DomainError, NotFoundError } from "../errors";
import { formatMoney, type Money } from "../money";

const EVENT_TEXT = { DELIVERY: { zh: "交付", en: "delivery" }, ACCEPTANCE: { zh: "验收", en: "acceptance" } } as const;

/** More money than is still owed: nothing is recorded; `outstanding` is what may still be received. */
export class OverpaymentError extends DomainError {
  constructor(readonly outstanding: Money, scope: "CONTRACT" | "INSTALMENT") {
    const shown = formatMoney(outstanding);
    super(
      scope === "CONTRACT"
        ? { zh: `回款金额超过合同未收金额（${shown}），未登记`, en: `The payment exceeds what the contract still owes (${shown}); nothing was recorded` }
        : { zh: `回款金额超过该期未收金额（${shown}），未登记；如为多期合并付款，请不指定期次`, en: `The payment exceeds what this instalment still owes (${shown}); nothing was recorded. For a payment covering several instalments, name none` },
    );
    this.name = "OverpaymentError";
  }
}

/** The bank reference was recorded already, with other figures: one of the two is a mistake. */
export class PaymentReferenceConflictError extends DomainError {
  constructor(readonly reference: string) {
    super({
      zh: `流水号 ${reference} 已登记过一笔金额、日期或合同不同的回款，请核对`,
      en: `Reference ${reference} was already recorded with a different amount, day or contract; check which is right`,
    });
    this.name = "PaymentReferenceConflictError";
  }
}

/** Invoice numbers are unique in the organization. */
export class InvoiceNumberTakenError extends DomainError {
  constructor(readonly number: string) {
    super({ zh: `发票号 ${number} 已登记过其他发票，请核对`, en: `Invoice number ${number} is already recorded for another invoice` });
    this.name = "InvoiceNumberTakenError";
  }
}

/** After the first payment, the plan is what was paid against: changing it would rewrite history. */
export class PlanHasPaymentsError extends DomainError {
  constructor(readonly received: Money) {
    super({
      zh: `合同已回款（${formatMoney(received)}），付款计划不能再修改`,
      en: `The contract has received payments (${formatMoney(received)}); its payment plan can no longer be changed`,
    });
    this.name = "PlanHasPaymentsError";
  }
}

/** Delivery and acceptance are recorded once: the due dates they fixed stay fixed. */
export class EventAlreadyRecordedError extends DomainError {
  constructor(readonly event: "DELIVERY" | "ACCEPTANCE", readonly on: string) {
    super({ zh: `该合同已登记${EVENT_TEXT[event].zh}日期（${on}），不能再次登记`, en: `The contract's ${EVENT_TEXT[event].en} was already recorded (${on})` });
    this.name = "EventAlreadyRecordedError";
  }
}

/** Collections begin at signing. */
export class ContractNotSignedError extends DomainError {
  constructor() {
    super({ zh: "合同签订后才能登记开票、回款或交付", en: "Invoices, payments and delivery are recorded on a signed contract" });
    this.name = "ContractNotSignedError";
  }
}

/** 交付回款 means the plan is paid: reached by recording the payments, not by a move. */
export class PlanNotPaidError extends DomainError {
  constructor(readonly outstanding: Money) {
    super({
      zh: `合同尚有未收款项（${formatMoney(outstanding)}），付款计划全部回款后商机自动进入“交付回款”`,
      en: `The contract still has ${formatMoney(outstanding)} to collect; the deal reaches Delivered and paid by itself once the plan is fully paid`,
    });
    this.name = "PlanNotPaidError";
  }
}

/**
 * No such line in the contract's plan: a NotFoundError to clients, saying so in words a person
 * reads (the internal key of the line means nothing to them).
 */
export class InstalmentNotFoundError extends NotFoundError {
  override readonly text = { zh: "未找到该期款项", en: "No such instalment" };
  constructor(id: string) {
    super("Instalment", id);
  }
}
