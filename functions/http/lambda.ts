import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2 } from "aws-lambda";
import type { GraphqlServer } from "./graphql";

export type HttpApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

/**
 * Adapts an HTTP API (payload 2.0) event to the GraphQL server. The JWT authorizer has already
 * verified the token; its claims name the user (`custom:userId` from Cognito, else `sub`).
 */
export function lambdaAdapter(server: GraphqlServer) {
  return async (event: HttpApiEvent): Promise<APIGatewayProxyResultV2> => {
    const claims = event.requestContext.authorizer?.jwt?.claims ?? {};
    const userId = String(claims["custom:userId"] ?? claims.sub ?? "") || undefined;
    const method = event.requestContext.http.method;
    const query = event.rawQueryString ? `?${event.rawQueryString}` : "";
    const body = event.body && method !== "GET" && method !== "HEAD"
      ? event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body
      : undefined;
    const headers = Object.entries(event.headers ?? {}).flatMap(([k, v]) => (v === undefined ? [] : [[k, v] as [string, string]]));
    const response = await server.fetch(
      `https://${event.requestContext.domainName}${event.rawPath}${query}`,
      { method, headers, body },
      { userId, sourceIp: event.requestContext.http.sourceIp },
    );
    return {
      statusCode: response.status,
      headers: Object.fromEntries(response.headers.entries()),
      body: await response.text(),
    };
  };
}
