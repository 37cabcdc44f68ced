import { createHash } from "node:crypto";
import type { Deps } from "../actor";
import type { Letterhead, Organization } from "../organization";
import type { Checker } from "../validate";

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
/** Printed in a 120 × 44 pt box: more pixels than this only make every PDF heavier. */
const MAX_SIDE = 4000;
const MIN_SIDE = 16;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the PNG's IHDR chunk, which the format requires first. */
function pngSize(b: Buffer): { width: number; height: number } | null {
  if (b.length < 33 || !PNG_SIGNATURE.every((v, i) => b[i] === v) || b.toString("latin1", 12, 16) !== "IHDR") return null;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** Width and height from the JPEG's start-of-frame segment (SOF0–SOF15 but DHT, JPG and DAC). */
function jpegSize(b: Buffer): { width: number; height: number } | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return null;
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i++;
      continue;
    }
    const length = b.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    }
    i += 2 + length;
  }
  return null;
}

/**
 * A logo sent as base64 (a `data:image/...;base64,` prefix allowed): PNG or JPEG by its bytes, not
 * its name, at most 200 KB, with sides a letterhead can print. The key is its hash, so the same
 * image is the same file and a PDF rendered with it renders the same bytes again.
 */
export function checkLogo(c: Checker, path: string, orgId: string, base64: string): { logo: LetterheadLogo; bytes: Buffer } | null {
  const payload = base64.replace(/^data:image\/[a-z]+;base64,/i, "").replace(/\s+/g, "");
  const fail = (code: string, zh: string, en: string) => (c.fail(path, code, { zh, en }), null);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(payload) || !payload) return fail("INVALID_IMAGE", "徽标应为 Base64 编码的 PNG 或 JPEG 图片", "must be a PNG or JPEG image in base64");
  const bytes = Buffer.from(payload, "base64");
  if (bytes.length > MAX_LOGO_BYTES) return fail("TOO_LARGE", `徽标图片不能超过 ${MAX_LOGO_BYTES / 1024} KB`, `must be at most ${MAX_LOGO_BYTES / 1024} KB`);
  const png = pngSize(bytes);
  const size = png ?? jpegSize(bytes);
  if (!size) return fail("INVALID_IMAGE", "徽标只支持 PNG 或 JPEG 图片", "must be a PNG or JPEG image");
  if ([size.width, size.height].some((s) => s < MIN_SIDE || s > MAX_SIDE)) {
    return fail("BAD_DIMENSIONS", `徽标的宽和高应在 ${MIN_SIDE} 到 ${MAX_SIDE} 像素之间`, `width and height must be from ${MIN_SIDE} to ${MAX_SIDE} pixels`);
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const contentType = png ? "image/png" : "image/jpeg";
  const key = `organizations/${orgId}/letterhead/${sha256}.${png ? "png" : "jpg"}`;
  return { logo: { key, contentType, ...size, size: bytes.length, sha256 }, bytes };
}

/** The logo's bytes for the PDF, or null when the organization has none. */
export async function logoBytes(deps: Deps, org: Organization): Promise<Uint8Array | null> {
  const logo = (org.letterhead as Letterhead | null | undefined)?.logo;
  if (!logo) return null;
  const bytes = await deps.files.get(logo.key);
  if (!bytes) throw new Error(`Letterhead logo ${logo.key} of organization ${org.id} is missing from the file store`);
  return new Uint8Array(bytes);
}
