import { createHash } from "node:crypto";
import { dimensionsReason, IMAGE_LIMITS, inspectImage } from "../../pdf/image";
import type { Deps } from "../actor";
import type { Letterhead, Organization } from "../organization";
import { Checker } from "../validate";

/** What the organization's logo is; the bytes are in the file store under `key`. */
export interface LetterheadLogo {
  key: string;
  contentType: "image/png" | "image/jpeg";
  width: number;
  height: number;
  size: number;
  sha256: string;
}

export const MAX_LOGO_BYTES = 200 * 1024;

/** A logo ready to store: what it is, and its bytes. */
export interface PreparedLogo {
  logo: LetterheadLogo;
  bytes: Buffer;
}

/**
 * A logo sent as base64 (a `data:image/...;base64,` prefix allowed): PNG or JPEG by its bytes, not
 * its name, at most 200 KB, decoded far enough to know it prints as the size its header says, with
 * sides and pixels a letterhead can carry (functions/pdf/image). The key is its hash, so the same
 * image is the same file and a PDF rendered with it renders the same bytes again. A blank string is
 * no logo: null, with nothing to complain about (the caller clears the logo).
 */
export function checkLogo(c: Checker, path: string, orgId: string, base64: string): PreparedLogo | null {
  if (!base64.trim()) return null;
  const payload = base64.replace(/^data:image\/[a-z]+;base64,/i, "").replace(/\s+/g, "");
  const fail = (code: string, zh: string, en: string) => (c.fail(path, code, { zh, en }), null);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(payload) || !payload) return fail("INVALID_IMAGE", "徽标应为 Base64 编码的 PNG 或 JPEG 图片", "must be a PNG or JPEG image in base64");
  const bytes = Buffer.from(payload, "base64");
  if (bytes.length > MAX_LOGO_BYTES) return fail("TOO_LARGE", `徽标图片不能超过 ${MAX_LOGO_BYTES / 1024} KB`, `must be at most ${MAX_LOGO_BYTES / 1024} KB`);
  const checked = inspectImage(bytes);
  if (!checked.ok) {
    const { zh, en } = checked.reason;
    if (checked.problem === "NOT_IMAGE") return fail("INVALID_IMAGE", "徽标只支持 PNG 或 JPEG 图片", "must be a PNG or JPEG image");
    if (checked.problem === "DIMENSIONS") return fail("BAD_DIMENSIONS", `徽标的${zh}`, `the image's ${en}`);
    return fail("INVALID_IMAGE", `徽标图片已损坏，无法解码：${zh}`, `the image is damaged and cannot be decoded: ${en}`);
  }
  const { contentType, width, height } = checked.image;
  if (width < IMAGE_LIMITS.minSide || height < IMAGE_LIMITS.minSide) {
    const { zh, en } = dimensionsReason(width, height);
    return fail("BAD_DIMENSIONS", `徽标的${zh}`, `the image's ${en}`);
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const key = `organizations/${orgId}/letterhead/${sha256}.${contentType === "image/png" ? "png" : "jpg"}`;
  return { logo: { key, contentType, width, height, size: bytes.length, sha256 }, bytes };
}

/**
 * The last check before a logo is stored, which needs a PDF library and so cannot run in the
 * synchronous patch: the image goes into a scratch PDF as into a quote. Refused as `checkLogo` refuses.
 */
export async function confirmLogoPrints(deps: Deps, path: string, prepared: PreparedLogo): Promise<void> {
  if (await deps.pdf.imagePrints(prepared.bytes, prepared.logo)) return;
  const c = new Checker();
  c.fail(path, "INVALID_IMAGE", { zh: "徽标图片无法嵌入PDF，请换一个 PNG 或 JPEG 文件", en: "the image cannot be embedded in a PDF; use another PNG or JPEG file" });
  c.done();
}

const missingReported = new Set<string>();

/**
 * The logo's bytes for the PDF, or null when the organization has none. A logo whose file is gone
 * is left out with a warning, as the renderer leaves out one it cannot print: one bad setting must
 * not stop every quote of the organization.
 */
export async function logoBytes(deps: Deps, org: Organization): Promise<Uint8Array | null> {
  const logo = (org.letterhead as Letterhead | null | undefined)?.logo;
  if (!logo) return null;
  const bytes = await deps.files.get(logo.key);
  if (!bytes) {
    if (missingReported.has(logo.key)) return null;
    missingReported.add(logo.key);
    console.warn(JSON.stringify({ msg: "letterhead logo missing from the file store; quote PDF rendered without it", orgId: org.id, key: logo.key }));
    return null;
  }
  return new Uint8Array(bytes);
}
