import type { BundlingOptions, Charset, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";

/**
 * How every Lambda is bundled: the stack's NodejsFunctions (`lambdaBundling`) and `npm run bench`
 * (`LAMBDA_ESBUILD`, which prints the GraphQL bundle's size and init time) use these same options.
 * Kept free of runtime imports from aws-cdk-lib so the bench loads it without the CDK.
 *
 * - `mainFields: module, main`: packages' ES builds, which esbuild tree-shakes (an SDK client's CJS
 *   build carries every operation of the service).
 * - `@aws-sdk/*` external: the nodejs22.x runtime provides AWS SDK v3 (every client and
 *   s3-request-presigner). Bundled, the SDK alone is 650 KB of the 1 MB the GraphQL bundle may
 *   weigh; the runtime's copy is pinned by AWS and lags npm, so use no SDK feature newer than it
 *   (the newest used: S3 conditional writes, `IfNoneMatch` on PutObject, in the SDK since August 2024).
 *   Clients are loaded on first use (S3, SES, Step Functions, Cognito, Lambda). DynamoDB's is not
 *   used at all: every request needs it, and loading client-dynamodb + lib-dynamodb cost 80 ms of
 *   each cold start, so the store has its own small client (functions/store/dynamo/, signed with
 *   the bundled `aws4`); the SDK's DynamoDB client only creates tables locally.
 * - `graphql/language/parser` aliased to its ESM file: graphql-armor's token limit imports that
 *   subpath, which (no exports map) would bundle graphql's CommonJS parser and lexer beside the ESM
 *   graphql everything else uses: 43 KB twice, and a GraphQLError class of another copy.
 * - `process.env.NODE_ENV` is "production" in every bundle: graphql-js otherwise checks each
 *   `instanceof` of its own types for a second realm, which costs several ms of the cold start.
 * - `globalThis.Request` is `undefined` in every bundle: @whatwg-node/server, when yoga is created,
 *   compares its Request class with Node's, and merely reading Node's global loads undici (36 ms of
 *   the cold start) to answer what is known: the ponyfill's class yoga uses is never Node's. The only
 *   other reader is @whatwg-node/fetch's branch for Deno, Bun and Next.js, never taken on Lambda.
 * - A source map without the sources' text: stack traces name file and line, the map stays small.
 * - UTF-8 output: the Chinese texts are not escaped to six bytes a character.
 */
export const LAMBDA_ESBUILD = {
  platform: "node",
  format: "cjs",
  target: "node22",
  minify: true,
  sourcemap: "external",
  sourcesContent: false,
  charset: "utf8",
  mainFields: ["module", "main"],
  external: ["@aws-sdk/*"],
  alias: { "graphql/language/parser": "graphql/language/parser.mjs" },
  define: { "process.env.NODE_ENV": '"production"', "globalThis.Request": "undefined" },
} as const;

/** The NodejsFunction `bundling` for the options above; `extra` adds per-function parts (files copied beside the bundle). */
export function lambdaBundling(extra: Partial<BundlingOptions> = {}): BundlingOptions {
  return {
    format: LAMBDA_ESBUILD.format as OutputFormat,
    target: LAMBDA_ESBUILD.target,
    minify: LAMBDA_ESBUILD.minify,
    sourceMap: true,
    sourcesContent: LAMBDA_ESBUILD.sourcesContent,
    charset: LAMBDA_ESBUILD.charset as Charset,
    mainFields: [...LAMBDA_ESBUILD.mainFields],
    bundleAwsSDK: false,
    externalModules: [...LAMBDA_ESBUILD.external],
    // CDK passes each as `--alias:from=to`.
    esbuildArgs: { "--alias": Object.entries(LAMBDA_ESBUILD.alias).map(([from, to]) => `${from}=${to}`) },
    define: { ...LAMBDA_ESBUILD.define },
    ...extra,
  };
}
