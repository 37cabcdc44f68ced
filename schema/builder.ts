import SchemaBuilder from "@pothos/core";
import ErrorsPlugin from "@pothos/plugin-errors";
import RelayPlugin from "@pothos/plugin-relay";
import { GraphQLError, Kind } from "graphql";
import type { Actor } from "../functions/core/actor";
import type { Locale } from "../functions/core/text";

export interface Context {
  actor: Actor;
  locale: Locale;
}

interface Types {
  Context: Context;
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
  plugins: [ErrorsPlugin, RelayPlugin],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: "omit",
    cursorType: "String",
    edgesFieldOptions: { nullable: { list: false, items: false } },
    nodeFieldOptions: { nullable: false },
  },
  errors: {
    directResult: true,
    defaultUnionOptions: { name: ({ fieldName }) => `${fieldName[0].toUpperCase()}${fieldName.slice(1)}Result` },
  },
});

const invalid = (message: string) => new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });

builder.scalarType("DateTime", {
  description: "An instant, ISO-8601 in UTC (e.g. 2026-11-23T02:00:00.000Z).",
  serialize: (v) => (v instanceof Date ? v.toISOString() : String(v)),
  parseValue: (v) => {
    const d = typeof v === "string" ? new Date(v) : new Date(Number.NaN);
    if (Number.isNaN(d.getTime())) throw invalid("DateTime must be an ISO-8601 string");
    return d;
  },
  parseLiteral: (ast) => {
    const d = ast.kind === Kind.STRING ? new Date(ast.value) : new Date(Number.NaN);
    if (Number.isNaN(d.getTime())) throw invalid("DateTime must be an ISO-8601 string");
    return d;
  },
});

const DAY = /^\d{4}-\d{2}-\d{2}$/;
builder.scalarType("Date", {
  description: "A calendar day in the organization's time zone, YYYY-MM-DD.",
  serialize: (v) => String(v),
  parseValue: (v) => {
    if (typeof v !== "string" || !DAY.test(v) || Number.isNaN(Date.parse(v))) throw invalid("Date must be YYYY-MM-DD");
    return v;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING || !DAY.test(ast.value) || Number.isNaN(Date.parse(ast.value))) throw invalid("Date must be YYYY-MM-DD");
    return ast.value;
  },
});

const MAX_FEN = Number.MAX_SAFE_INTEGER;
const fen = (v: unknown) => {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || Math.abs(v) > MAX_FEN) throw invalid("Fen must be a whole number of fen");
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
