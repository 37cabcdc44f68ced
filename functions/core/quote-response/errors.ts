import { DomainError } from "../errors";
import type { ClosedReason } from "./model";

const REASONS: Record<ClosedReason, (validUntil: string | null) => { zh: string; en: string }> = {
  EXPIRED: (d) => ({ zh: `本报价的有效期已于${d ?? "-"}截止，不能再接受；如需继续，请提出修改意见或联系我们更新报价`, en: `This quote was valid until ${d ?? "-"} and can no longer be accepted; ask for changes or contact us for an updated quote` }),
  SUPERSEDED: () => ({ zh: "报价正在修订，此版本不能再接受；请联系销售代表获取最新报价，或提出修改意见", en: "This quote is being revised and this revision can no longer be accepted; please contact our sales representative for the current quote, or ask for changes" }),
  WITHDRAWN: () => ({ zh: "本报价已被撤回，不能再接受；请联系我们的销售代表", en: "This quote has been withdrawn and can no longer be accepted; please contact our sales representative" }),
  LOST: () => ({ zh: "本项目已关闭，该报价不再有效；如有需要，请联系我们的销售代表", en: "This deal has been closed and the quote no longer stands; please contact our sales representative" }),
  WON: () => ({ zh: "本项目已签约，此报价不再接受在线确认；如有需要，请联系我们的销售代表", en: "A contract has been signed for this deal, so this quote can no longer be accepted online; please contact our sales representative" }),
};

/** The revision a link carries can no longer be answered: `reason` says why. */
export class QuoteNotAcceptableError extends DomainError {
  constructor(
    readonly reason: ClosedReason,
    readonly validUntil: string | null = null,
  ) {
    super(REASONS[reason](validUntil));
    this.name = "QuoteNotAcceptableError";
  }
}

/** Someone accepted this revision already (another person, or the same with other details). */
export class QuoteAlreadyAcceptedError extends DomainError {
  constructor(
    readonly acceptedBy: string,
    readonly acceptedAtLocal: string,
  ) {
    super({ zh: `本报价已由${acceptedBy}于${acceptedAtLocal}接受，无需再次确认`, en: `This quote was already accepted by ${acceptedBy} on ${acceptedAtLocal}` });
    this.name = "QuoteAlreadyAcceptedError";
  }
}

/** An accepted revision is settled: changes after that are agreed with the rep, who issues a new revision. */
export class QuoteAcceptedNoChangesError extends DomainError {
  constructor() {
    super({ zh: "本报价已被接受，如需修改，请直接联系我们的销售代表", en: "This quote has been accepted; for changes, please contact our sales representative" });
    this.name = "QuoteAcceptedNoChangesError";
  }
}
