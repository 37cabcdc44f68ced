import { depsFromEnv } from "../deps";
import { createGraphqlServer } from "../http/graphql";
import { lambdaAdapter } from "../http/lambda";

/** The GraphQL Lambda behind the HTTP API. Clients and the schema are built once per instance. */
export const handler = lambdaAdapter(createGraphqlServer(depsFromEnv()));
