import { DomainError } from "../errors";
import { STATUS_LABELS, type WorkOrderStatus } from "./model";

/** The lifecycle does not go from `from` to `to` (or, `to` null, a finished order is not reassigned). */
export class IllegalTransitionError extends DomainError {
  constructor(
    readonly from: WorkOrderStatus,
    readonly to: WorkOrderStatus | null,
    readonly allowed: WorkOrderStatus[],
  ) {
    const [f, t] = [STATUS_LABELS[from], to ? STATUS_LABELS[to] : null];
    super(
      t
        ? { zh: `工单当前为「${f.zh}」，不能改为「${t.zh}」`, en: `The work order is ${f.en}; it cannot become ${t.en}` }
        : { zh: `工单当前为「${f.zh}」，不能再分派`, en: `The work order is ${f.en}; it can no longer be assigned` },
    );
    this.name = "IllegalTransitionError";
  }
}
