import { type FieldNode, getArgumentValues, getNamedType, type GraphQLResolveInfo, isObjectType, Kind, type SelectionSetNode } from "graphql";

/**
 * The arguments of a field the client asked for on what this resolver returns (`customer(id) {
 * timeline(first: 20) }` → { first: 20 }), with variables and defaults applied; null when it is not
 * asked for. Lets a resolver start a read its child will need, instead of waiting for it.
 */
export function childFieldArgs(info: GraphQLResolveInfo, name: string): Record<string, unknown> | null {
  const type = getNamedType(info.returnType);
  const def = isObjectType(type) ? type.getFields()[name] : undefined;
  if (!def) return null;
  const find = (set: SelectionSetNode | undefined, seen: Set<string>): FieldNode | null => {
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD && s.name.value === name) return s;
      if (s.kind === Kind.INLINE_FRAGMENT) {
        const found = find(s.selectionSet, seen);
        if (found) return found;
      }
      if (s.kind === Kind.FRAGMENT_SPREAD && !seen.has(s.name.value)) {
        seen.add(s.name.value);
        const found = find(info.fragments[s.name.value]?.selectionSet, seen);
        if (found) return found;
      }
    }
    return null;
  };
  for (const node of info.fieldNodes) {
    const field = find(node.selectionSet, new Set());
    if (field) {
      try {
        return getArgumentValues(def, field, info.variableValues);
      } catch {
        return null;
      }
    }
  }
  return null;
}
