import { costLimitRule } from "@escape.tech/graphql-armor-cost-limit";
import { type ArgumentNode, type DocumentNode, type GraphQLError, type GraphQLSchema, Kind, TypeInfo, validate, visit, visitWithTypeInfo } from "graphql";
import { DEFAULT_PAGE } from "../core/paging";
import { COST, LIMITS, limitError } from "./armor";

const sizeArg = (name: string, n: number): ArgumentNode => ({
  kind: Kind.ARGUMENT,
  name: { kind: Kind.NAME, value: name },
  value: { kind: Kind.INT, value: String(n) },
});

/**
 * The cost limit again, with the page sizes the request really asks for: armor prices only literal
 * sizes at validation, so `first: $n` counted as one page and an omitted `first` as one item, though
 * the connection then serves 50. Here a variable takes its value and an omitted size its default;
 * the same rule and figures as at validation, so a literal query gets the same answer both times.
 * Null when the request fits.
 */
export function costOfSizes(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | null | undefined): GraphQLError | null {
  const sizes: Record<string, unknown> = {};
  for (const def of document.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const v of def.variableDefinitions ?? []) if (v.defaultValue?.kind === Kind.INT) sizes[v.variable.name.value] = Number(v.defaultValue.value);
  }
  Object.assign(sizes, variables ?? {});
  const typeInfo = new TypeInfo(schema);
  let changed = false;
  const sized = visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(field) {
        const takesFirst = typeInfo.getFieldDef()?.args.some((a) => a.name === "first");
        const args = field.arguments ?? [];
        const given = args.find((a) => a.name.value === "first" || a.name.value === "last");
        if (takesFirst && !given) {
          changed = true;
          return { ...field, arguments: [...args, sizeArg("first", DEFAULT_PAGE)] };
        }
        if (given?.value.kind === Kind.VARIABLE) {
          const value = sizes[given.value.name.value];
          changed = true;
          const n = typeof value === "number" ? value : DEFAULT_PAGE;
          return { ...field, arguments: args.map((a) => (a === given ? sizeArg(given.name.value, n) : a)) };
        }
        return undefined;
      },
    }),
  );
  if (!changed) return null;
  let refusal: GraphQLError | null = null;
  const rule = costLimitRule({
    maxCost: LIMITS.cost,
    ...COST,
    propagateOnRejection: false,
    onReject: [(_ctx, err) => {
      const found = /found ([\d.]+)/.exec(err.message);
      refusal = limitError("QUERY_TOO_COSTLY", LIMITS.cost, found ? Number(found[1]) : undefined);
    }],
  });
  validate(schema, sized, [rule]);
  return refusal;
}
