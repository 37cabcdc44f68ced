import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";
import type { APIGatewayProxyResultV2 } from "aws-lambda";

/**
 * The view page's own files, served from /q/assets/ (nothing from a CDN: customers behind the Great
 * Firewall or a strict proxy must still see their quote). pdf.js comes from the `pdfjs-dist` package;
 * the page's script and style sit beside this file. `source` is the path the local runner resolves
 * (a package path, or ./assets/… here); in AWS the bundle has no node_modules, so infra/stack.ts
 * copies each file by `name` into the function's QUOTE_PAGE_ASSETS directory (one list, both runtimes).
 */
export const QUOTE_PAGE_ASSETS = [
  { name: "quote-view.js", source: "./assets/quote-view.js", type: "text/javascript; charset=utf-8" },
  { name: "quote-view.css", source: "./assets/quote-view.css", type: "text/css; charset=utf-8" },
  { name: "pdf.min.mjs", source: "pdfjs-dist/build/pdf.min.mjs", type: "text/javascript; charset=utf-8" },
  { name: "pdf.worker.min.mjs", source: "pdfjs-dist/build/pdf.worker.min.mjs", type: "text/javascript; charset=utf-8" },
] as const;

export type QuotePageAsset = (typeof QUOTE_PAGE_ASSETS)[number]["name"];

interface Loaded {
  bytes: Buffer;
  /** First 10 hex digits of the SHA-256: part of the URL, so a new deploy's files are new URLs. */
  version: string;
  gzipped?: Buffer;
}

const loaded = new Map<string, Loaded>();

function sourcePath(source: string): string {
  // CommonJS bundles have `require`; ES modules (tsx, vitest) build one.
  const resolve = typeof require === "function" ? require.resolve : createRequire(import.meta.url).resolve;
  return resolve(source);
}

/** Where each file is in this checkout: what infra/stack.ts copies into the QuoteView bundle. */
export const assetSources = () => QUOTE_PAGE_ASSETS.map((a) => ({ name: a.name, path: sourcePath(a.source) }));

function load(name: QuotePageAsset): Loaded {
  let asset = loaded.get(name);
  if (!asset) {
    const spec = QUOTE_PAGE_ASSETS.find((a) => a.name === name)!;
    const dir = process.env.QUOTE_PAGE_ASSETS;
    const bytes = readFileSync(dir ? `${dir}/${name}` : sourcePath(spec.source));
    asset = { bytes, version: createHash("sha256").update(bytes).digest("hex").slice(0, 10) };
    loaded.set(name, asset);
  }
  return asset;
}

/** "pdf.min.mjs" → "pdf.min.3f2a9c1b0d.mjs": the name under /q/assets/ for the files as deployed now. */
export function versionedName(name: QuotePageAsset): string {
  const dot = name.indexOf(".");
  return `${name.slice(0, dot)}.${load(name).version}${name.slice(dot)}`;
}

/**
 * GET /q/assets/{name}: the file under its versioned name, cached for a year (the name changes with
 * the content), gzipped for clients that accept it (pdf.js's worker is 1.3 MB, 0.35 MB gzipped; a
 * Lambda response is limited to 6 MB and API Gateway does not compress). Null for any other name,
 * including an older version's: the page that asked for it is older than the deploy.
 */
export function assetResponse(requested: string, acceptEncoding: string): APIGatewayProxyResultV2 | null {
  const spec = QUOTE_PAGE_ASSETS.find((a) => versionedName(a.name) === requested);
  if (!spec) return null;
  const asset = load(spec.name);
  const gzip = /\bgzip\b/.test(acceptEncoding);
  if (gzip) asset.gzipped ??= gzipSync(asset.bytes);
  return {
    statusCode: 200,
    headers: {
      "content-type": spec.type,
      "cache-control": "public, max-age=31536000, immutable",
      "x-content-type-options": "nosniff",
      vary: "accept-encoding",
      ...(gzip ? { "content-encoding": "gzip" } : {}),
    },
    body: (gzip ? asset.gzipped! : asset.bytes).toString("base64"),
    isBase64Encoded: true,
  };
}
