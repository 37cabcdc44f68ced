import type { BundlingOptions, Charset, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";

/**
 * How every Lambda is bundled: the stack's NodejsFunctions (`lambdaBundling`) and `npm run bench`
 * (`LAMBDA_ESBUILD`, which prints the GraphQL bundle's size and init time) use these same options.
 * Kept free of runtime imports from aws-cdk-lib so the bench loads it without the CDK.
 *
 * - `mainFields: module, main`: packages' ES builds, which esbuild tree-shakes (an SDK client's CJS
 *   build carries every operation of the service).
 * - `@aws-sdk/*` external: the nodejs22.x runtime provides AWS SDK v3 (every client, lib-dynamodb and
 *   s3-request-presigner). Bundled, the SDK alone is 650 KB of the 1 MB the GraphQL bundle may
 *   weigh; the runtime's copy is pinned by AWS and lags npm, so use no SDK feature newer than it
 *   (the newest used: S3 conditional writes, `IfNoneMatch` on PutObject, in the SDK since August 2024).
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
    ...extra,
  };
}
