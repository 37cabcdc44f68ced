import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";
import type { Deps } from "../core/actor";
import { peekDownload, takeDownload } from "../core/export";
import { XLSX_TYPE } from "../core/export/sheet";

const PAGE_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "referrer-policy": "no-referrer",
  "x-robots-tag": "noindex",
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
};

const page = (status: number, zh: string, en: string): APIGatewayProxyResultV2 => ({
  statusCode: status,
  headers: PAGE_HEADERS,
  body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${zh} / ${en}</title></head><body style="font-family:-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;max-width:640px;margin:24px auto;padding:0 16px;color:#222"><h2>${zh}</h2><p>${en}</p></body></html>`,
});

const GONE = {
  USED: ["此下载链接已使用过（每个链接只能下载一次），请重新导出。", "This download link has already been used (each link downloads once). Please export again."],
  EXPIRED: ["此下载链接已过期（有效期 10 分钟），请重新导出。", "This download link has expired (links are valid for 10 minutes). Please export again."],
} as const;

/** RFC 6266 / 5987: an ASCII fallback for old clients, the real (Chinese) name in filename*. */
export const contentDisposition = (fileName: string) =>
  `attachment; filename="${fileName.replace(/[^\x20-\x7e]|["\\]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

/**
 * GET /exports/{token}: an export's workbook, once. No authorizer: the link is the credential (256
 * random bits, 10 minutes, one download). HEAD says whether it would work without using it up.
 */
export function exportDownloadHandler(deps: Deps) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
    const method = event.requestContext.http.method;
    if (method !== "GET" && method !== "HEAD") return { statusCode: 405, headers: { allow: "GET, HEAD" }, body: "" };
    let token: string;
    try {
      token = decodeURIComponent(event.rawPath.split("/").filter(Boolean).at(-1) ?? "");
    } catch {
      token = "";
    }
    if (method === "HEAD") {
      const state = await peekDownload(deps, token);
      return { statusCode: state === "OPEN" ? 200 : state === "GONE" ? 410 : 404, headers: { "cache-control": "no-store" }, body: "" };
    }
    const d = await takeDownload(deps, token, event.requestContext.http.sourceIp || null);
    if (d.state === "INVALID") return page(404, "下载链接无效。", "This download link is not valid.");
    if (d.state === "GONE") return page(410, GONE[d.reason][0], GONE[d.reason][1]);
    return {
      statusCode: 200,
      headers: {
        "content-type": XLSX_TYPE,
        "content-disposition": contentDisposition(d.record.fileName),
        "content-length": String(d.bytes.length),
        "cache-control": "no-store, private",
        "referrer-policy": "no-referrer",
        "x-content-type-options": "nosniff",
      },
      body: d.bytes.toString("base64"),
      isBase64Encoded: true,
    };
  };
}
