import type { Text } from "../core/text";

/**
 * graphql-js's own messages (validation, variable coercion, parsing) in both languages. graphql-js
 * words them in English only; the common ones a front end meets are put in Chinese here, the rest
 * stay as they are. Names of types, fields and variables are kept as written in the query.
 */
type Rule = [RegExp, (...m: string[]) => Text];

const BILINGUAL = /^(.*\p{Script=Han}.*?) \/ ([^\p{Script=Han}]*)$/su;

/** Why a value is refused (after "Variable … got invalid value …;", or alone for a literal). */
const REASONS: Rule[] = [
  [/^String cannot represent a non string value: .*$/s, () => ({ zh: "须为字符串", en: "String cannot represent a non string value" })],
  [/^Int cannot represent non-integer value: .*$/s, () => ({ zh: "须为整数", en: "Int cannot represent non-integer value" })],
  [/^Int cannot represent non 32-bit signed integer value: .*$/s, () => ({ zh: "须为 32 位整数", en: "Int cannot represent non 32-bit signed integer value" })],
  [/^Float cannot represent non numeric value: .*$/s, () => ({ zh: "须为数字", en: "Float cannot represent non numeric value" })],
  [/^Boolean cannot represent a non boolean value: .*$/s, () => ({ zh: "须为 true 或 false", en: "Boolean cannot represent a non boolean value" })],
  [/^ID cannot represent value: .*$/s, () => ({ zh: "须为字符串编号", en: "ID cannot represent the value" })],
  [/^Value "(\w+)" does not exist in "(\w+)" enum\.$/, (v, t) => ({ zh: `${v} 不是 ${t} 的可选值`, en: `Value "${v}" does not exist in "${t}" enum.` })],
  [/^Enum "(\w+)" cannot represent non-string value: .*$/s, (t) => ({ zh: `须为 ${t} 的可选值`, en: `Enum "${t}" cannot represent a non-string value` })],
  [/^Field "(\w+)" is not defined by type "(\w+)"\.$/, (f, t) => ({ zh: `${t} 没有字段 ${f}`, en: `Field "${f}" is not defined by type "${t}".` })],
  [/^Field "([\w.]+)" of required type "([^"]+)" was not provided\.$/, (f, t) => ({ zh: `缺少必填字段 ${f}（类型 ${t}）`, en: `Field "${f}" of required type "${t}" was not provided.` })],
  [/^Expected type "(\w+)" to be an object\.$/, (t) => ({ zh: `须为对象（${t}）`, en: `Expected type "${t}" to be an object.` })],
  [/^Expected non-nullable type "([^"]+)" not to be null\.$/, (t) => ({ zh: `不能为空（类型 ${t}）`, en: `Expected non-nullable type "${t}" not to be null.` })],
  [/^Expected value of type "([^"]+)", found null\.$/, (t) => ({ zh: `不能为空（类型 ${t}）`, en: `Expected value of type "${t}", found null.` })],
  // Our scalars (schema/builder.ts) say it in both languages, "中文 / English": each reader gets theirs.
  [BILINGUAL, (zh, en) => ({ zh, en })],
];

const VALIDATION: Rule[] = [
  [/^Cannot query field "(\w+)" on type "(\w+)"\.$/, (f, t) => ({ zh: `${t} 类型没有字段 ${f}。`, en: `Cannot query field "${f}" on type "${t}".` })],
  [/^Unknown argument "(\w+)" on field "([\w.]+)"\.$/, (a, f) => ({ zh: `字段 ${f} 没有参数 ${a}。`, en: `Unknown argument "${a}" on field "${f}".` })],
  [/^Unknown type "(\w+)"\.$/, (t) => ({ zh: `没有类型 ${t}。`, en: `Unknown type "${t}".` })],
  [/^Field "(\w+)" of type "([^"]+)" must have a selection of subfields\.(?: Did you mean .*)?$/s, (f, t) => ({ zh: `字段 ${f}（类型 ${t}）须选择子字段。`, en: `Field "${f}" of type "${t}" must have a selection of subfields.` })],
  [/^Field "(\w+)" must not have a selection since type "([^"]+)" has no subfields\.$/, (f, t) => ({ zh: `字段 ${f}（类型 ${t}）没有子字段，不能选择。`, en: `Field "${f}" must not have a selection since type "${t}" has no subfields.` })],
  [/^Field "(\w+)" argument "(\w+)" of type "([^"]+)" is required, but it was not provided\.$/, (f, a, t) => ({ zh: `字段 ${f} 缺少必填参数 ${a}（类型 ${t}）。`, en: `Field "${f}" argument "${a}" of type "${t}" is required, but it was not provided.` })],
  [/^Variable "\$(\w+)" is never used(?: in operation "\w+")?\.$/, (v) => ({ zh: `变量 $${v} 未使用。`, en: `Variable "$${v}" is never used.` })],
  [/^Variable "\$(\w+)" is not defined(?: by operation "\w+")?\.$/, (v) => ({ zh: `变量 $${v} 未声明。`, en: `Variable "$${v}" is not defined.` })],
  [/^Unknown fragment "(\w+)"\.$/, (f) => ({ zh: `没有片段 ${f}。`, en: `Unknown fragment "${f}".` })],
  [/^Fragment cannot be spread here as objects of type "(\w+)" can never be of type "(\w+)"\.$/, (p, t) => ({ zh: `此处不能展开类型 ${t} 的片段：${p} 类型的对象不可能是 ${t}。`, en: `Fragment cannot be spread here as objects of type "${p}" can never be of type "${t}".` })],
  [/^Fragment "(\w+)" cannot be spread here as objects of type "(\w+)" can never be of type "(\w+)"\.$/, (f, p, t) => ({ zh: `此处不能展开片段 ${f}：${p} 类型的对象不可能是 ${t}。`, en: `Fragment "${f}" cannot be spread here as objects of type "${p}" can never be of type "${t}".` })],
  [/^Fragment "(\w+)" is never used\.$/, (f) => ({ zh: `片段 ${f} 未使用。`, en: `Fragment "${f}" is never used.` })],
  [/^Variable "\$(\w+)" of required type "([^"]+)" was not provided\.$/, (v, t) => ({ zh: `缺少必填变量 $${v}（类型 ${t}）。`, en: `Variable "$${v}" of required type "${t}" was not provided.` })],
  [/^Variable "\$(\w+)" of non-null type "([^"]+)" must not be null\.$/, (v, t) => ({ zh: `变量 $${v}（类型 ${t}）不能为空。`, en: `Variable "$${v}" of non-null type "${t}" must not be null.` })],
  [/^Schema is not configured to execute (\w+) operation\.$/, (op) => ({ zh: `本接口不支持 ${op} 操作。`, en: `Schema is not configured to execute ${op} operation.` })],
  [/^Could not determine what operation to execute\.$/, () => ({ zh: "请求含多个操作时须以 operationName 指明执行哪一个。", en: "Could not determine what operation to execute." })],
];

const ruled = (rules: Rule[], message: string): Text | null => {
  for (const [re, text] of rules) {
    const m = re.exec(message);
    if (m) return text(...m.slice(1));
  }
  return null;
};

/** A value's reason in both languages, ending as a sentence does; English as graphql-js says it when unknown. */
function reason(message: string): Text {
  const t = ruled(REASONS, message) ?? { zh: message, en: message };
  const end = (s: string, stop: string) => (/[.。!?！？]$/.test(s) ? s : `${s}${stop}`);
  return { zh: end(t.zh, "。"), en: end(t.en, ".") };
}

/** "Variable "$f" got invalid value … at "f.status"; why" (the value itself left out: graphql-js abbreviates it as [Array]). */
const INVALID_VARIABLE = /^Variable "\$(\w+)" got invalid value .*?(?: at "(\1[^"]*)")?; (.*)$/s;

export interface GraphqlJsText {
  text: Text;
  /** A variable the request gave is wrong (BAD_USER_INPUT) rather than the document itself. */
  variable: boolean;
}

/** graphql-js's message in both languages; null when it is none of graphql-js's that we know. */
export function graphqlJsText(message: string, location?: { line: number; column: number }): GraphqlJsText | null {
  const variable = INVALID_VARIABLE.exec(message);
  if (variable) {
    const [, name, path, why] = variable;
    const r = reason(why);
    return {
      variable: true,
      text: {
        zh: `变量 $${name} 的值无效${path ? `（${path}）` : ""}：${r.zh}`,
        en: `Variable "$${name}" got an invalid value${path ? ` at "${path}"` : ""}: ${r.en}`,
      },
    };
  }
  if (message.startsWith("Syntax Error: ")) {
    const at = location ? `（第 ${location.line} 行第 ${location.column} 列）` : "";
    return { variable: false, text: { zh: `查询语法有误${at}。`, en: message } };
  }
  const known = ruled(VALIDATION, message);
  if (known) return { variable: /^Variable "\$\w+" of (required|non-null) type/.test(message), text: known };
  if (!ruled(REASONS, message)) return null;
  // A literal in the document: the reason alone, with its subject in Chinese ("参数值须为整数。").
  const r = reason(message);
  const bilingual = BILINGUAL.test(message);
  return { variable: false, text: { zh: /^(须|不能)/.test(r.zh) ? `参数值${r.zh}` : r.zh, en: bilingual ? r.en : message } };
}
