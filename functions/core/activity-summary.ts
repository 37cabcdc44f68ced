import { assertUnreachable } from "./errors";
import type { Activity } from "./activity";
import { EVIDENCE_LABELS, STAGE_LABELS, stageIndex } from "./pipeline/stages";
import { localize, type Locale, type Text } from "./text";
import { STATUS_LABELS as WORK_ORDER_STATUS_LABELS, type WorkOrderStatus } from "./work-order/model";

const FIELD_LABELS: Record<string, Text> = {
  name: { zh: "名称", en: "name" },
  tier: { zh: "等级", en: "tier" },
  industry: { zh: "行业", en: "industry" },
  region: { zh: "区域", en: "region" },
  source: { zh: "来源", en: "source" },
  creditCode: { zh: "统一社会信用代码", en: "credit code" },
  address: { zh: "地址", en: "address" },
  phone: { zh: "电话", en: "phone" },
  website: { zh: "网站", en: "website" },
  remark: { zh: "备注", en: "remark" },
  contacts: { zh: "联系人", en: "contacts" },
  tags: { zh: "标签", en: "tags" },
  email: { zh: "邮箱", en: "email" },
  roles: { zh: "角色", en: "roles" },
  managerId: { zh: "上级", en: "manager" },
  department: { zh: "部门", en: "department" },
  locale: { zh: "语言", en: "language" },
  active: { zh: "启用状态", en: "active" },
  timeZone: { zh: "时区", en: "time zone" },
  releaseDays: { zh: "公海回收天数", en: "pool release days" },
  maxCustomersPerOwner: { zh: "客户持有上限", en: "holding limit" },
  pipeline: { zh: "销售阶段规则", en: "stage rules" },
  title: { zh: "商机名称", en: "title" },
  productLines: { zh: "产品线", en: "product lines" },
  amount: { zh: "预计金额", en: "expected amount" },
  expectedCloseOn: { zh: "预计成交日期", en: "expected close date" },
  forecastCategory: { zh: "预测类别", en: "forecast category" },
  competitors: { zh: "竞争对手", en: "competitors" },
  budget: { zh: "客户预算", en: "budget" },
  decisionMaker: { zh: "决策人", en: "decision maker" },
  useCase: { zh: "使用场景", en: "use case" },
  ownerId: { zh: "负责人", en: "owner" },
  code: { zh: "产品编码", en: "product code" },
  spec: { zh: "规格型号", en: "spec" },
  unit: { zh: "单位", en: "unit" },
  listPriceFen: { zh: "标准价", en: "list price" },
  standardCostFen: { zh: "标准成本", en: "standard cost" },
  floorPriceFen: { zh: "最低限价", en: "floor price" },
  vatRateBp: { zh: "增值税率", en: "VAT rate" },
  lineCosts: { zh: "报价行成本", en: "line costs" },
  lines: { zh: "报价行", en: "lines" },
  extraDiscountFen: { zh: "整单优惠", en: "extra discount" },
  paymentTerms: { zh: "付款条件", en: "payment terms" },
  validUntil: { zh: "报价有效期", en: "valid until" },
  notes: { zh: "备注", en: "notes" },
  riskNote: { zh: "风险说明", en: "risk note" },
  reclaimCooldownDays: { zh: "重新认领冷却天数", en: "reclaim cool-down days" },
  buyerName: { zh: "甲方", en: "buyer" },
  sellerName: { zh: "乙方", en: "seller" },
  paymentPlan: { zh: "付款计划", en: "payment plan" },
  draftFileEvidenceId: { zh: "合同草稿", en: "contract draft" },
  workOrderSettings: { zh: "工单类型与设置", en: "work-order types and settings" },
};

const FOLLOW_UP: Record<string, Text> = {
  VISIT: { zh: "拜访", en: "visit" },
  CALL: { zh: "电话", en: "call" },
  MESSAGE: { zh: "消息", en: "message" },
  MEETING: { zh: "会议", en: "meeting" },
};

export interface SummaryNames {
  actor: string | null;
  from: string | null;
  to: string | null;
}

/** One line for a timeline entry, in the reader's language. */
export function summarize(a: Activity, names: SummaryNames, locale: Locale): string {
  const who = names.actor ?? localize({ zh: "系统", en: "The system" }, locale);
  const field = (f: string) => localize(FIELD_LABELS[f] ?? { zh: f, en: f }, locale);
  const text = (zh: string, en: string) => localize({ zh, en }, locale);
  switch (a.kind) {
    case "CREATED":
      return text(`${who} 创建`, `${who} created it`);
    case "UPDATED":
      return text(`${who} 修改了 ${a.changes.map((c) => field(c.field)).join("、")}`, `${who} changed ${a.changes.map((c) => field(c.field)).join(", ")}`);
    case "FOLLOW_UP": {
      const kind = localize(FOLLOW_UP[a.followUpKind ?? "VISIT"], locale);
      return text(`${who} 记录了${kind}：${a.note ?? ""}`, `${who} logged a ${kind}: ${a.note ?? ""}`);
    }
    case "PRIVATE_NOTE":
      return text(`私人备注：${a.note ?? ""}`, `Private note: ${a.note ?? ""}`);
    case "CLAIMED":
      return text(`${who} 从公海认领`, `${who} claimed it from the pool`);
    case "RELEASED":
      return text(`${who} 退回公海：${a.reason ?? ""}`, `${who} returned it to the pool: ${a.reason ?? ""}`);
    case "AUTO_RELEASED":
      return text(
        `超过${a.days}天未跟进，自动退回公海（原负责人：${names.from ?? "-"}）`,
        `Returned to the pool after ${a.days} days without a follow-up (was ${names.from ?? "-"}'s)`,
      );
    case "REASSIGNED":
      if (a.subjectType === "OPPORTUNITY") {
        // A deal changes hands this way only with its customer (customer/reassign.ts).
        return text(`${who} 随客户将商机从 ${names.from ?? "-"} 移交给 ${names.to ?? "-"}`, `${who} handed it over with its customer from ${names.from ?? "-"} to ${names.to ?? "-"}`);
      }
      return text(`${who} 将客户从 ${names.from ?? "-"} 移交给 ${names.to ?? "-"}`, `${who} handed it over from ${names.from ?? "-"} to ${names.to ?? "-"}`);
    case "STAGE_CHANGED": {
      const [from, to] = [a.fromStage, a.toStage].map((st) => (st ? localize(STAGE_LABELS[st], locale) : "-"));
      const back = a.fromStage && a.toStage && (a.fromStage === "LOST" || stageIndex(a.toStage) < stageIndex(a.fromStage));
      const why = a.reason ? text(`（${a.reason}）`, ` (${a.reason})`) : "";
      return back
        ? text(`${who} 将阶段从 ${from} 退回到 ${to}${why}`, `${who} moved it back from ${from} to ${to}${why}`)
        : text(`${who} 将阶段从 ${from} 推进到 ${to}`, `${who} moved it from ${from} to ${to}`);
    }
    case "MARKED_LOST":
      return text(`${who} 标记输单：${a.reason ?? ""}`, `${who} marked it lost: ${a.reason ?? ""}`);
    case "EVIDENCE_ADDED": {
      const kind = EVIDENCE_LABELS[a.evidenceKind ?? "OTHER"];
      return text(`${who} 上传了${kind.zh}「${a.note ?? ""}」`, `${who} uploaded a ${kind.en}: ${a.note ?? ""}`);
    }
    case "TARGET_SET":
      return text(`${who} 设置目标：${a.note ?? ""}`, `${who} set a target: ${a.note ?? ""}`);
    case "APPROVAL_SUBMITTED":
      return text(`${who} 提交第${a.revision}版审批`, `${who} submitted revision ${a.revision} for approval`);
    case "APPROVAL_DECIDED":
      return text(
        `${who} ${a.decision === "APPROVED" ? "批准" : "驳回"}（${a.note ?? ""}）${a.reason ? `：${a.reason}` : ""}`,
        `${who} ${a.decision === "APPROVED" ? "approved" : "rejected"} (${a.note ?? ""})${a.reason ? `: ${a.reason}` : ""}`,
      );
    case "APPROVAL_FINISHED": {
      const zh: Record<string, string> = { APPROVED: "审批通过", REJECTED: "审批被驳回", EXPIRED: "审批超时未处理，已过期" };
      const en: Record<string, string> = { APPROVED: "Approved", REJECTED: "Rejected", EXPIRED: "Expired: nobody decided in time" };
      return text(`第${a.revision}版${zh[a.decision ?? ""] ?? a.decision}`, `Revision ${a.revision}: ${en[a.decision ?? ""] ?? a.decision}`);
    }
    case "APPROVAL_WITHDRAWN":
      return text(`${who} 撤回第${a.revision}版审批${a.reason ? `：${a.reason}` : ""}`, `${who} withdrew revision ${a.revision} from approval${a.reason ? `: ${a.reason}` : ""}`);
    case "CONTRACT_SIGNED":
      return text(`${who} 登记合同已签订`, `${who} recorded the contract as signed`);
    case "QUOTE_ACCEPTED":
      return text(`客户 ${a.note ?? ""} 在线接受了第${a.revision}版报价${a.reason ? `：${a.reason}` : ""}`, `The customer ${a.note ?? ""} accepted revision ${a.revision} online${a.reason ? `: ${a.reason}` : ""}`);
    case "QUOTE_CHANGES_REQUESTED":
      return text(`客户 ${a.note ?? ""} 对第${a.revision}版报价提出修改意见：${a.reason ?? ""}`, `The customer ${a.note ?? ""} asked for changes to revision ${a.revision}: ${a.reason ?? ""}`);
    case "QUOTE_WITHDRAWN":
      return text(`${who} 撤回第${a.revision}版报价，客户不能再接受${a.reason ? `：${a.reason}` : ""}`, `${who} withdrew revision ${a.revision}; the customer can no longer accept it${a.reason ? `: ${a.reason}` : ""}`);
    case "CONTRACT_WITHDRAWN":
      return text(`${who} 撤回第${a.revision}版合同，不再签订${a.reason ? `：${a.reason}` : ""}`, `${who} withdrew revision ${a.revision} of the contract; it will not be signed${a.reason ? `: ${a.reason}` : ""}`);
    case "WORK_ORDER_OPENED":
      return text(`${who} 创建工单「${a.note ?? ""}」`, `${who} opened work order "${a.note ?? ""}"`);
    case "WORK_ORDER_ASSIGNED":
      // Taking it oneself (or over from a colleague) reads as such, not as assigning it to oneself.
      if (a.actorId && a.actorId === a.toOwnerId) {
        const from = a.fromOwnerId ? text(`（原由${names.from ?? "-"}负责）`, ` from ${names.from ?? "-"}`) : "";
        return text(`${who} 领取了工单「${a.note ?? ""}」${from}`, `${who} took work order "${a.note ?? ""}"${from}`);
      }
      return text(`${who} 将工单「${a.note ?? ""}」分派给 ${names.to ?? "-"}`, `${who} assigned work order "${a.note ?? ""}" to ${names.to ?? "-"}`);
    case "WORK_ORDER_STATUS_CHANGED": {
      const [from, to] = [a.fromStatus, a.toStatus].map((st) => (st ? localize(WORK_ORDER_STATUS_LABELS[st as WorkOrderStatus] ?? { zh: st, en: st }, locale) : "-"));
      const why = a.reason ? text(`：${a.reason}`, `: ${a.reason}`) : "";
      return text(`${who} 将工单「${a.note ?? ""}」从${from}改为${to}${why}`, `${who} moved work order "${a.note ?? ""}" from ${from} to ${to}${why}`);
    }
    case "WORK_ORDER_BREACHED": {
      const kind = a.decision === "RESPONSE" ? text("响应", "response") : text("处理", "resolution");
      return text(`工单「${a.note ?? ""}」${kind}超时，已通知 ${names.to ?? "-"}`, `Work order "${a.note ?? ""}" is past its ${kind} deadline; ${names.to ?? "-"} was told`);
    }
    case "PAYMENT_PLAN_CHANGED": {
      const [was, now] = [a.changes[0]?.old ?? "-", a.changes[0]?.new ?? "-"];
      return text(`${who} 修改了合同 ${a.note ?? ""} 的付款计划：${was} → ${now}`, `${who} changed the payment plan of contract ${a.note ?? ""}: ${was} → ${now}`);
    }
    case "CONTRACT_EVENT_RECORDED": {
      const day = a.changes[0]?.new ?? "-";
      return a.decision === "ACCEPTANCE"
        ? text(`${who} 登记合同 ${a.note ?? ""} 已验收（${day}）`, `${who} recorded contract ${a.note ?? ""} as accepted (${day})`)
        : text(`${who} 登记合同 ${a.note ?? ""} 已交付（${day}）`, `${who} recorded contract ${a.note ?? ""} as delivered (${day})`);
    }
    case "DATA_EXPORTED": {
      const what = a.decision === "OPPORTUNITIES" ? text("商机", "opportunities") : text("客户", "customers");
      const filter = a.reason && a.reason !== "{}" ? text(`（筛选：${a.reason}）`, ` (filter: ${a.reason})`) : "";
      return text(`${who} 导出了 ${a.note ?? "0"} 条${what}${filter}`, `${who} exported ${a.note ?? "0"} ${what}${filter}`);
    }
    case "WEBHOOK_CHANGED": {
      const what: Record<string, [string, string]> = {
        CREATED: ["添加了", "added"],
        UPDATED: ["修改了", "changed"],
        SECRET_ROTATED: ["更换了密钥：", "rotated the secret of"],
        DELETED: ["删除了", "deleted"],
      };
      const [zh, en] = what[a.decision ?? ""] ?? what.UPDATED;
      return text(`${who} ${zh}Webhook ${a.note ?? ""}`, `${who} ${en} the webhook ${a.note ?? ""}`);
    }
    default:
      return assertUnreachable(a.kind);
  }
}
