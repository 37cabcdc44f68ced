import SchemaBuilder from "@pothos/core";
import ErrorsPlugin from "@pothos/plugin-errors";
import RelayPlugin from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import { GraphQLError, type GraphQLResolveInfo, isInterfaceType, Kind } from "graphql";
import type { Actor } from "../functions/core/actor";
import { seesMargin } from "../functions/core/approval/approvers";
import { isRealDay, parseInstant } from "../functions/core/local-day";
import type { Locale } from "../functions/core/text";
import { hasRole, isOrgWide } from "../functions/core/user/model";
import { decodeId } from "./ids";

export interface Context {
  actor: Actor;
  locale: Locale;
}

/**
 * What a viewer may read, declared on the field (`authScopes`) rather than checked in its resolver,
 * so a new field names its scope or is open to everyone in the organization.
 */
interface AuthScopes {
  /** Costs, margins and floor prices: MANAGER, FINANCE and GM. */
  seesMargins: boolean;
  /** The approval policies and their thresholds: those who see margins, and ADMIN who sets them. */
  readsPolicy: boolean;
  /** ADMIN and GM: everyone in the organization. */
  orgWide: boolean;
  /** The viewer is this user. */
  self: string;
  /** This user reports to the viewer, at any depth. */
  manages: string;
}

interface Types {
  Context: Context;
  AuthScopes: AuthScopes;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    Date: { Input: string; Output: string };
    Fen: { Input: number; Output: number };
  };
}

/** The builder's types, for helpers that build fields shared by several input types. */
export type SchemaTypes = PothosSchemaTypes.ExtendDefaultTypes<Types>;

/** Set-up only: plugins and scalars. Types live in one file each, beside their queries and mutations. */
export const builder = new SchemaBuilder<Types>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, RelayPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: ({ actor }) => ({
      seesMargins: seesMargin(actor.viewer),
      readsPolicy: seesMargin(actor.viewer) || hasRole(actor.viewer, "ADMIN"),
      orgWide: isOrgWide(actor.viewer),
      self: (userId) => userId === actor.viewer.id,
      manages: async (userId) => hasRole(actor.viewer, "MANAGER") && (await actor.team()).has(userId),
    }),
  },
  relay: {
    clientMutationId: "omit",
    cursorType: "String",
    edgesFieldOptions: { nullable: { list: false, items: false } },
    nodeFieldOptions: { nullable: false },
    // A malformed id, or one naming a type that is no Node, is nobody's record: `node` answers null as
    // for a record out of the viewer's scope, rather than "Invalid global ID" or "foo has not been implemented".
    decodeGlobalID: (globalId) => {
      try {
        return decodeId(globalId);
      } catch {
        return { typename: "", id: "" };
      }
    },
    nodeQueryOptions: { resolve: (_root, { id }, _ctx, info, resolveNode) => (isNodeType(info, id.typename) ? resolveNode(id) : null) },
    nodesQueryOptions: {
      // Pothos's `resolveNodes` reads `args.ids` whatever it is given, so the unknown ones are blanked there (null stays null).
      resolve: (_root, args, _ctx, info, resolveNodes) => {
        args.ids = args.ids.map((id) => (isNodeType(info, id.typename) ? id : null)) as typeof args.ids;
        return resolveNodes(args.ids);
      },
    },
  },
  errors: {
    directResult: true,
    defaultUnionOptions: { name: ({ fieldName }) => `${fieldName[0].toUpperCase()}${fieldName.slice(1)}Result` },
  },
});

function isNodeType(info: GraphQLResolveInfo, typename: string): boolean {
  const node = info.schema.getType("Node");
  return isInterfaceType(node) && info.schema.getImplementations(node).objects.some((t) => t.name === typename);
}

/**
 * For nullable fields behind a scope: whoever may not see the value gets null, as before scopes were
 * declared, rather than an error that would fail the rest of the query.
 */
export const nullWhenHidden = { unauthorizedResolver: () => null } as const;

const invalid = (message: string) => new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });

/**
 * Said before any resolver runs, so in both languages, "中文 / English": the response picks the
 * reader's (functions/http/graphql-js-texts.ts).
 */
const bilingual = (zh: string, en: string) => invalid(`${zh} / ${en}`);

const notAnInstant = (v: unknown) =>
  bilingual(
    `${typeof v === "string" ? v : "该值"}不是有效的时间（ISO-8601，带时区，如 2026-11-23T10:00:00+08:00）。`,
    `${typeof v === "string" ? v : "The value"} is not a real ISO-8601 instant with its offset (e.g. 2026-11-23T02:00:00Z).`,
  );
builder.scalarType("DateTime", {
  description: "An instant, ISO-8601 in UTC (e.g. 2026-11-23T02:00:00.000Z); input needs its offset (Z or ±hh:mm) and a day that exists.",
  // Stored instants are ISO strings; one written with an offset (or without milliseconds) still goes out in UTC, one form for every field.
  serialize: (v) => {
    const d = v instanceof Date ? v : new Date(String(v));
    return Number.isNaN(d.getTime()) ? String(v) : d.toISOString();
  },
  parseValue: (v) => {
    const d = typeof v === "string" ? parseInstant(v) : null;
    if (!d) throw notAnInstant(v);
    return d;
  },
  parseLiteral: (ast) => {
    const d = ast.kind === Kind.STRING ? parseInstant(ast.value) : null;
    if (!d) throw notAnInstant(ast.kind === Kind.STRING ? ast.value : null);
    return d;
  },
});

const notADay = (v: unknown) =>
  typeof v === "string"
    ? bilingual(`${v}不是存在的日期（格式为 YYYY-MM-DD）。`, `${v} is not a real calendar day (YYYY-MM-DD).`)
    : bilingual("日期应为 YYYY-MM-DD 格式的字符串。", "Date must be a string YYYY-MM-DD.");
builder.scalarType("Date", {
  description: "A calendar day in the organization's time zone, YYYY-MM-DD; days that do not exist (2026-02-30) are refused.",
  serialize: (v) => String(v),
  parseValue: (v) => {
    if (typeof v !== "string" || !isRealDay(v)) throw notADay(v);
    return v;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING || !isRealDay(ast.value)) throw notADay(ast.kind === Kind.STRING ? ast.value : null);
    return ast.value;
  },
});

const MAX_FEN = Number.MAX_SAFE_INTEGER;
const fen = (v: unknown) => {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || Math.abs(v) > MAX_FEN) throw bilingual("金额须为整数（分）。", "Fen must be a whole number of fen.");
  return v;
};
builder.scalarType("Fen", {
  description: "An amount in fen (分, 1/100 yuan) as a whole JSON number, exact up to 2^53 − 1 (GraphQL Int stops at 2^31).",
  serialize: (v) => fen(v),
  parseValue: fen,
  parseLiteral: (ast) => fen(ast.kind === Kind.INT ? Number(ast.value) : Number.NaN),
});

builder.queryType({});
builder.mutationType({});
