import type { Tier } from "../core/customer";
import type { Role } from "../core/user";

/**
 * The demo organization: 宁波捷锐流体控制有限公司, an industrial-valve maker from the seed articles
 * (86 staff, 20 in sales, ¥120M a year), with its sales regions, support functions and customers.
 */
export const DEMO_ORG_NAME = "宁波捷锐流体控制有限公司";

export interface DemoUser {
  key: string;
  name: string;
  email: string;
  roles: Role[];
  manager?: string;
  region?: string;
  department: string;
  locale?: "zh-CN" | "en";
}

export const DEMO_USERS: DemoUser[] = [
  { key: "gm", name: "周建国", email: "zhou.jianguo@jierui.example", roles: ["GM"], department: "总经办" },
  { key: "east", name: "王海涛", email: "wang.haitao@jierui.example", roles: ["MANAGER"], manager: "gm", region: "华东", department: "销售一部" },
  { key: "south", name: "李晓燕", email: "li.xiaoyan@jierui.example", roles: ["MANAGER"], manager: "gm", region: "华南", department: "销售二部" },
  { key: "north", name: "张伟", email: "zhang.wei@jierui.example", roles: ["MANAGER"], manager: "gm", region: "华北", department: "销售三部" },
  { key: "chen", name: "陈刚", email: "chen.gang@jierui.example", roles: ["REP"], manager: "east", region: "华东", department: "销售一部" },
  { key: "liu", name: "刘洋", email: "liu.yang@jierui.example", roles: ["REP"], manager: "east", region: "华东", department: "销售一部" },
  { key: "sun", name: "孙倩", email: "sun.qian@jierui.example", roles: ["REP"], manager: "east", region: "华东", department: "销售一部" },
  { key: "huang", name: "黄磊", email: "huang.lei@jierui.example", roles: ["REP"], manager: "south", region: "华南", department: "销售二部" },
  { key: "wu", name: "吴婷", email: "wu.ting@jierui.example", roles: ["REP"], manager: "south", region: "华南", department: "销售二部" },
  { key: "zhao", name: "赵磊", email: "zhao.lei@jierui.example", roles: ["REP"], manager: "north", region: "华北", department: "销售三部" },
  { key: "lin", name: "David Lin", email: "david.lin@jierui.example", roles: ["REP"], manager: "north", region: "华北", department: "销售三部", locale: "en" },
  { key: "ma", name: "马志远", email: "ma.zhiyuan@jierui.example", roles: ["TECH"], department: "技术部" },
  { key: "he", name: "何静", email: "he.jing@jierui.example", roles: ["TECH"], department: "技术部" },
  { key: "fin", name: "林芳", email: "lin.fang@jierui.example", roles: ["FINANCE"], manager: "gm", department: "财务部" },
  { key: "fin2", name: "钱敏", email: "qian.min@jierui.example", roles: ["FINANCE"], manager: "fin", department: "财务部" },
  { key: "legal", name: "徐静", email: "xu.jing@jierui.example", roles: ["LEGAL"], manager: "gm", department: "法务部" },
];

export interface DemoCustomer {
  name: string;
  tier: Tier;
  industry: string;
  region: string;
  source: string;
  /** The rep holding it; absent: in the pool. */
  owner?: string;
  city: string;
  contact: { name: string; title: string; role: "DECISION_MAKER" | "INFLUENCER" | "TECHNICAL" | "PROCUREMENT" };
  tags?: string[];
  /** Days ago of the last follow-up (none: never followed up since it was taken). */
  followedUpDaysAgo?: number;
}

const c = (
  name: string,
  tier: Tier,
  industry: string,
  region: string,
  source: string,
  city: string,
  contact: DemoCustomer["contact"],
  owner?: string,
  followedUpDaysAgo?: number,
  tags?: string[],
): DemoCustomer => ({ name, tier, industry, region, source, city, contact, owner, followedUpDaysAgo, tags });

export const DEMO_CUSTOMERS: DemoCustomer[] = [
  c("镇海石化工程股份有限公司", "A", "石油化工", "华东", "老客户转介绍", "宁波", { name: "俞国平", title: "设备部部长", role: "DECISION_MAKER" }, "chen", 2, ["战略客户"]),
  c("浙江巨化装备工程集团有限公司", "A", "石油化工", "华东", "展会", "衢州", { name: "方晓东", title: "采购经理", role: "PROCUREMENT" }, "chen", 5),
  c("宁波钢铁有限公司", "B", "冶金", "华东", "招投标平台", "宁波", { name: "郑立新", title: "能源动力厂厂长", role: "DECISION_MAKER" }, "chen", 8),
  c("杭州市水务集团有限公司", "A", "水务", "华东", "招投标平台", "杭州", { name: "沈红梅", title: "工程部经理", role: "INFLUENCER" }, "liu", 1, ["市政"]),
  c("绍兴柯桥污水处理有限公司", "C", "水务", "华东", "电话开发", "绍兴", { name: "陶建", title: "运行主管", role: "TECHNICAL" }, "liu", 6),
  c("苏州工业园区清源华衍水务有限公司", "B", "水务", "华东", "官网询盘", "苏州", { name: "顾佳", title: "采购专员", role: "PROCUREMENT" }, "liu", 3),
  c("上海华谊新材料有限公司", "A", "石油化工", "华东", "行业协会", "上海", { name: "陆文斌", title: "总工程师", role: "TECHNICAL" }, "sun", 4),
  c("江苏扬农化工集团有限公司", "B", "石油化工", "华东", "展会", "扬州", { name: "蒋涛", title: "设备科长", role: "INFLUENCER" }, "sun", 12),
  c("浙江医药股份有限公司新昌制药厂", "B", "制药", "华东", "老客户转介绍", "绍兴", { name: "潘丽", title: "工程部主管", role: "TECHNICAL" }, "sun", 9),
  c("舟山中远海运重工有限公司", "C", "船舶", "华东", "电话开发", "舟山", { name: "叶海", title: "采购员", role: "PROCUREMENT" }, "sun", 6),
  c("广州石化工程建设有限公司", "A", "石油化工", "华南", "招投标平台", "广州", { name: "梁志强", title: "项目经理", role: "DECISION_MAKER" }, "huang", 2),
  c("深圳市水务(集团)有限公司", "A", "水务", "华南", "招投标平台", "深圳", { name: "邓敏", title: "物资部经理", role: "PROCUREMENT" }, "huang", 7),
  c("东莞理文造纸厂有限公司", "B", "造纸", "华南", "展会", "东莞", { name: "何伟明", title: "设备部经理", role: "INFLUENCER" }, "huang", 4),
  c("佛山市海天调味食品股份有限公司", "B", "食品饮料", "华南", "官网询盘", "佛山", { name: "罗晓", title: "工程主管", role: "TECHNICAL" }, "wu", 3),
  c("广西柳州钢铁集团有限公司", "B", "冶金", "华南", "行业协会", "柳州", { name: "韦建华", title: "采购部长", role: "DECISION_MAKER" }, "wu", 10),
  c("海南炼化有限公司", "A", "石油化工", "华南", "老客户转介绍", "儋州", { name: "符海", title: "设备副总", role: "DECISION_MAKER" }, "wu", 1),
  c("珠海港控股集团有限公司", "C", "市政工程", "华南", "电话开发", "珠海", { name: "钟雯", title: "行政采购", role: "PROCUREMENT" }, "wu", 5),
  c("天津渤化永利化工股份有限公司", "A", "石油化工", "华北", "展会", "天津", { name: "高建军", title: "机动处处长", role: "DECISION_MAKER" }, "zhao", 2),
  c("河钢集团唐钢公司", "B", "冶金", "华北", "招投标平台", "唐山", { name: "刘振华", title: "设备主任", role: "INFLUENCER" }, "zhao", 8),
  c("北京市自来水集团有限责任公司", "A", "水务", "华北", "招投标平台", "北京", { name: "王静", title: "管网部经理", role: "INFLUENCER" }, "zhao", 3, ["市政"]),
  c("华能国际电力股份有限公司上安电厂", "B", "电力", "华北", "行业协会", "石家庄", { name: "孟凡", title: "检修部主任", role: "TECHNICAL" }, "lin", 4),
  c("山西焦化股份有限公司", "C", "冶金", "华北", "电话开发", "临汾", { name: "郭亮", title: "采购员", role: "PROCUREMENT" }, "lin", 6),
  c("内蒙古伊泰煤制油有限责任公司", "B", "石油化工", "华北", "展会", "鄂尔多斯", { name: "乌兰", title: "设备工程师", role: "TECHNICAL" }, "lin", 9),
  c("国家能源集团宁波北仑电厂", "A", "电力", "华东", "老客户转介绍", "宁波", { name: "应建国", title: "物资部主任", role: "DECISION_MAKER" }, "east", 3),
  c("中海油惠州石化有限公司", "A", "石油化工", "华南", "招投标平台", "惠州", { name: "林永", title: "采购中心经理", role: "PROCUREMENT" }, "south", 5),
  c("首钢京唐钢铁联合有限责任公司", "A", "冶金", "华北", "行业协会", "唐山", { name: "赵刚", title: "能源部部长", role: "DECISION_MAKER" }, "north", 4),
  c("台州市椒江自来水有限公司", "C", "水务", "华东", "官网询盘", "台州", { name: "林海", title: "管网所所长", role: "INFLUENCER" }),
  c("温州龙湾热电有限公司", "C", "电力", "华东", "电话开发", "温州", { name: "陈晓", title: "检修班长", role: "TECHNICAL" }),
  c("湖北宜化集团有限责任公司", "B", "石油化工", "华中", "展会", "宜昌", { name: "杨帆", title: "设备部经理", role: "INFLUENCER" }),
  c("武汉市水务集团有限公司", "B", "水务", "华中", "招投标平台", "武汉", { name: "胡敏", title: "物资采购", role: "PROCUREMENT" }),
  c("四川美丰化工股份有限公司", "B", "石油化工", "西南", "行业协会", "德阳", { name: "唐勇", title: "技术总监", role: "TECHNICAL" }),
  c("重庆钢铁股份有限公司", "C", "冶金", "西南", "电话开发", "重庆", { name: "冉青", title: "采购员", role: "PROCUREMENT" }),
  c("云南云天化股份有限公司", "A", "石油化工", "西南", "老客户转介绍", "昆明", { name: "段文", title: "设备副总", role: "DECISION_MAKER" }),
  c("贵州茅台酒股份有限公司", "A", "食品饮料", "西南", "展会", "遵义", { name: "罗成", title: "工程处处长", role: "DECISION_MAKER" }, undefined, undefined, ["重点突破"]),
  c("福建福海创石油化工有限公司", "B", "石油化工", "华南", "招投标平台", "漳州", { name: "黄志", title: "采购经理", role: "PROCUREMENT" }),
  c("厦门水务集团有限公司", "C", "水务", "华南", "官网询盘", "厦门", { name: "许丽", title: "工程师", role: "TECHNICAL" }),
];
