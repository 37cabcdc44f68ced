import type { Plugin } from "@envelop/core";
import { type DocumentNode, GraphQLError, Kind, type ValueNode, visit } from "graphql";
import { MAX_PAGE } from "../core/paging";
import { localize, type Locale } from "../core/text";
import { costOfSizes } from "./request-cost";

/** The most ids one `nodes` call may name: each is a read. */
export const MAX_NODE_IDS = 100;

type Variables = Record<string, unknown> | null | undefined;

/** An argument's value as the request gives it: a literal, or a variable's (undefined when absent). */
function valueOf(node: ValueNode, variables: Variables): unknown {
  switch (node.kind) {
    case Kind.VARIABLE:
      return variables?.[node.name.value];
    case Kind.INT:
      return Number(node.value);
    case Kind.LIST:
      return node.values;
    case Kind.NULL:
      return null;
    default:
      return undefined;
  }
}

interface Refusal {
  message: string;
  limit: { argument: string; min: number; max: number };
}

/** The first size that breaks a limit; null when every page size and `nodes(ids)` fits. */
function overLimit(document: DocumentNode, given: Variables, locale: Locale): Refusal | null {
  // A variable the request leaves out takes its declared default, which may be as large as any.
  const variables: Record<string, unknown> = {};
  visit(document, {
    VariableDefinition(def) {
      if (def.defaultValue) variables[def.variable.name.value] = valueOf(def.defaultValue, {});
    },
  });
  Object.assign(variables, given ?? {});
  let found: Refusal | null = null;
  // Ids are counted over the whole request: aliases would otherwise multiply the cap (the cost limit prices `nodes` as one).
  let ids = 0;
  visit(document, {
    Field(field) {
      for (const arg of field.arguments ?? []) {
        const value = valueOf(arg.value, variables);
        const size = arg.name.value;
        if ((size === "first" || size === "last") && typeof value === "number" && (value < 1 || value > MAX_PAGE)) {
          found ??= {
            message: localize({ zh: `每页条数（${size}）必须在 1 到 ${MAX_PAGE} 之间`, en: `${size} must be from 1 to ${MAX_PAGE}` }, locale),
            limit: { argument: size, min: 1, max: MAX_PAGE },
          };
        }
        if (field.name.value === "nodes" && arg.name.value === "ids" && Array.isArray(value) && (ids += value.length) > MAX_NODE_IDS) {
          found ??= {
            message: localize({ zh: `一次最多查询 ${MAX_NODE_IDS} 个编号（nodes）`, en: `nodes takes at most ${MAX_NODE_IDS} ids in one request` }, locale),
            limit: { argument: "ids", min: 0, max: MAX_NODE_IDS },
          };
        }
      }
    },
  });
  return found;
}

/**
 * Page sizes and id lists checked with the request's variables before any resolver runs: the cost
 * limit counts only literal sizes, so `first: $n` would otherwise pass any size. Every argument
 * named `first` or `last` is a page size in this schema (Relay connections). Refused as bad input
 * (code BAD_USER_INPUT, as the connections' own checks answer), with `extensions.limit` saying which
 * argument and its bounds, in the viewer's language.
 */
export function requestLimitsPlugin(): Plugin<{ locale?: Locale }> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const refused = overLimit(args.document, args.variableValues as Variables, args.contextValue.locale ?? "zh-CN");
      if (refused) {
        const extensions = { code: "BAD_USER_INPUT", limit: refused.limit };
        setResultAndStopExecution({ errors: [new GraphQLError(refused.message, { extensions })] });
        return;
      }
      const costly = costOfSizes(args.schema, args.document, args.variableValues as Variables);
      if (costly) setResultAndStopExecution({ errors: [costly] });
    },
  };
}
