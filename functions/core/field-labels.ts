import type { Text } from "./text";

/**
 * What people call the input fields, by their GraphQL name, so a refusal reads "名称不能为空" rather
 * than "name 不能为空". A Checker's own labels win; these are the fallback for every field issue.
 */
const FIELD_LABELS: Record<string, Text> = {
  address: { zh: "地址", en: "Address" },
  after: { zh: "翻页游标", en: "Cursor" },
  alertPageSeconds: { zh: "提醒停留秒数", en: "Alert page seconds" },
  alertPageVisits: { zh: "提醒访问次数", en: "Alert page visits" },
  amount: { zh: "金额", en: "Amount" },
  anyOf: { zh: "条件", en: "Condition" },
  approvalPolicy: { zh: "审批规则", en: "Approval policy" },
  approver: { zh: "审批人", en: "Approver" },
  asOf: { zh: "截至日期", en: "As-of date" },
  budget: { zh: "预算", en: "Budget" },
  businessHours: { zh: "工作时间", en: "Business hours" },
  buyerName: { zh: "买方名称", en: "Buyer name" },
  cc: { zh: "抄送", en: "Cc" },
  choices: { zh: "选项", en: "Choices" },
  choicesEn: { zh: "英文选项", en: "English choices" },
  closeFrom: { zh: "成交日期起", en: "Close from" },
  closeTo: { zh: "成交日期止", en: "Close to" },
  code: { zh: "编码", en: "Code" },
  collectionEscalationDays: { zh: "催收升级天数", en: "Collection escalation days" },
  comment: { zh: "意见", en: "Comment" },
  competitors: { zh: "竞争对手", en: "Competitors" },
  contacts: { zh: "联系人", en: "Contact" },
  contentType: { zh: "文件类型", en: "Content type" },
  "contacts.title": { zh: "职务", en: "Job title" },
  costFen: { zh: "成本", en: "Cost" },
  costs: { zh: "成本", en: "Costs" },
  creditCode: { zh: "统一社会信用代码", en: "Credit code" },
  currency: { zh: "币种", en: "Currency" },
  customerId: { zh: "客户", en: "Customer" },
  decisionMaker: { zh: "决策人", en: "Decision maker" },
  deliveryTerms: { zh: "交付条款", en: "Delivery terms" },
  department: { zh: "部门", en: "Department" },
  digestTime: { zh: "日报发送时间", en: "Digest time" },
  draftFileEvidenceId: { zh: "草稿附件", en: "Draft file" },
  dueAfter: { zh: "到期", en: "Due after" },
  dueAfterDays: { zh: "到期天数", en: "Days until due" },
  dueOn: { zh: "到期日", en: "Due date" },
  email: { zh: "邮箱", en: "Email" },
  escalateTo: { zh: "升级至", en: "Escalate to" },
  escalations: { zh: "升级", en: "Escalations" },
  excludedNetworks: { zh: "排除网段", en: "Excluded networks" },
  expectedCloseOn: { zh: "预计成交日期", en: "Expected close date" },
  extraDiscountFen: { zh: "额外折扣", en: "Extra discount" },
  extraWorkdays: { zh: "调休工作日", en: "Extra workdays" },
  fen: { zh: "金额", en: "Amount" },
  field: { zh: "字段", en: "Field" },
  fileEvidenceId: { zh: "附件", en: "File" },
  fileName: { zh: "文件名", en: "File name" },
  filter: { zh: "筛选条件", en: "Filter" },
  first: { zh: "每页条数", en: "Page size" },
  followUpSlaHours: { zh: "跟进时限", en: "Follow-up SLA" },
  forecastCategory: { zh: "预测类别", en: "Forecast category" },
  handlingRole: { zh: "处理角色", en: "Handling role" },
  hours: { zh: "小时数", en: "Hours" },
  id: { zh: "编号", en: "ID" },
  idempotencyKey: { zh: "幂等键", en: "Idempotency key" },
  industry: { zh: "行业", en: "Industry" },
  integer: { zh: "整数", en: "Integer" },
  key: { zh: "键", en: "Key" },
  kind: { zh: "类型", en: "Kind" },
  label: { zh: "名称", en: "Label" },
  labelEn: { zh: "英文名称", en: "English label" },
  labelZh: { zh: "中文名称", en: "Chinese label" },
  letterhead: { zh: "信头", en: "Letterhead" },
  levels: { zh: "审批级别", en: "Level" },
  lineId: { zh: "明细行", en: "Line" },
  lines: { zh: "明细行", en: "Line" },
  listPriceFen: { zh: "目录价", en: "List price" },
  logo: { zh: "徽标", en: "Logo" },
  max: { zh: "最大值", en: "Maximum" },
  maxCustomersPerOwner: { zh: "每人客户上限", en: "Customers per owner" },
  message: { zh: "留言", en: "Message" },
  min: { zh: "最小值", en: "Minimum" },
  name: { zh: "名称", en: "Name" },
  nameEn: { zh: "英文名称", en: "English name" },
  nameZh: { zh: "中文名称", en: "Chinese name" },
  nextActionOn: { zh: "下次跟进日期", en: "Next action date" },
  note: { zh: "备注", en: "Note" },
  notes: { zh: "备注", en: "Notes" },
  occurredAt: { zh: "发生时间", en: "Time" },
  op: { zh: "运算符", en: "Operator" },
  opportunityId: { zh: "商机", en: "Opportunity" },
  ownerId: { zh: "负责人", en: "Owner" },
  paymentPlan: { zh: "付款计划", en: "Payment plan" },
  paymentTerms: { zh: "付款条件", en: "Payment terms" },
  percent: { zh: "比例", en: "Percent" },
  phone: { zh: "电话", en: "Phone" },
  pipeline: { zh: "销售流程", en: "Pipeline" },
  probability: { zh: "赢率", en: "Probability" },
  product: { zh: "产品", en: "Product" },
  productId: { zh: "产品", en: "Product" },
  productLines: { zh: "产品线", en: "Product lines" },
  quantity: { zh: "数量", en: "Quantity" },
  quoteFollowUpHours: { zh: "报价跟进时限", en: "Quote follow-up hours" },
  quoteId: { zh: "报价单", en: "Quote" },
  quoteTracking: { zh: "报价跟踪", en: "Quote tracking" },
  reason: { zh: "原因", en: "Reason" },
  reclaimCooldownDays: { zh: "重新领取冷却天数", en: "Reclaim cooldown days" },
  region: { zh: "区域", en: "Region" },
  releaseDays: { zh: "公海回收天数", en: "Release days" },
  remark: { zh: "备注", en: "Remark" },
  requiredEvidence: { zh: "必需附件", en: "Required evidence" },
  requiredFields: { zh: "必填字段", en: "Required fields" },
  riskNote: { zh: "风险说明", en: "Risk note" },
  role: { zh: "角色", en: "Role" },
  roles: { zh: "角色", en: "Roles" },
  search: { zh: "搜索词", en: "Search" },
  sellerName: { zh: "卖方名称", en: "Seller name" },
  sha256: { zh: "SHA-256 校验值", en: "SHA-256" },
  signedOn: { zh: "签订日期", en: "Signing date" },
  size: { zh: "文件大小", en: "Size" },
  slaHours: { zh: "处理时限", en: "SLA hours" },
  source: { zh: "来源", en: "Source" },
  spec: { zh: "规格", en: "Specification" },
  stage: { zh: "阶段", en: "Stage" },
  stages: { zh: "阶段", en: "Stage" },
  stalledAfterDays: { zh: "停滞天数", en: "Stalled after days" },
  subject: { zh: "主题", en: "Subject" },
  tags: { zh: "标签", en: "Tags" },
  taxId: { zh: "税号", en: "Tax ID" },
  text: { zh: "内容", en: "Text" },
  tier: { zh: "客户等级", en: "Tier" },
  timeZone: { zh: "时区", en: "Time zone" },
  title: { zh: "标题", en: "Title" },
  to: { zh: "收件人", en: "To" },
  toStage: { zh: "目标阶段", en: "Target stage" },
  typeKey: { zh: "类型", en: "Type" },
  types: { zh: "类型", en: "Types" },
  unit: { zh: "单位", en: "Unit" },
  useCase: { zh: "使用场景", en: "Use case" },
  userId: { zh: "用户", en: "User" },
  validUntil: { zh: "有效期至", en: "Valid until" },
  value: { zh: "值", en: "Value" },
  vatRatePercent: { zh: "税率", en: "VAT rate" },
  website: { zh: "网站", en: "Website" },
  workEnd: { zh: "下班时间", en: "Work end" },
  workStart: { zh: "上班时间", en: "Work start" },
};

/** Mid-sentence ("Invalid input: name is required"), acronyms kept (ID, VAT rate). */
const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s[0].toLowerCase() + s.slice(1) : s);

/**
 * The label of an input path from the names above: "contacts.0.email" → 联系人（第 1 项）邮箱 /
 * contact 1 email. Undefined when a part has no label (the message then names the path).
 */
export function labelOfPath(path: readonly string[]): (Text & { context?: Text }) | undefined {
  const zh: string[] = [];
  const en: string[] = [];
  let parent = "";
  for (const part of path) {
    if (/^\d+$/.test(part)) {
      if (!zh.length) return undefined;
      zh.push(`（第 ${Number(part) + 1} 项）`);
      en.push(String(Number(part) + 1));
      continue;
    }
    const label = FIELD_LABELS[`${parent}.${part}`] ?? FIELD_LABELS[part];
    if (!label) return undefined;
    parent = part;
    zh.push(label.zh);
    en.push(lowerFirst(label.en));
  }
  if (!zh.length) return undefined;
  // Which item of a list the field belongs to (联系人（第 1 项）), for texts that name the field themselves.
  const context = zh.length > 1 ? { zh: zh.slice(0, -1).join(""), en: en.slice(0, -1).join(" ") } : undefined;
  return { zh: zh.join(""), en: en.join(" "), ...(context ? { context } : {}) };
}
