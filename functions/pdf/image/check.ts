/** What a letterhead image check finds: a reason in Chinese first, English for those who chose it. */
export interface ImageReason {
  zh: string;
  en: string;
}

export interface ImageFacts {
  contentType: "image/png" | "image/jpeg";
  width: number;
  height: number;
}

/**
 * `NOT_IMAGE`: neither PNG nor JPEG; `DAMAGED`: it says it is one but does not decode to what its
 * header promises; `DIMENSIONS`: it decodes, but is too small to print or too big to carry in every PDF.
 */
export type ImageCheck = { ok: true; image: ImageFacts } | { ok: false; problem: "NOT_IMAGE" | "DAMAGED" | "DIMENSIONS"; reason: ImageReason };

/**
 * Printed in a 120 × 44 pt box: more pixels than this only make every PDF heavier and every send
 * slower (each send decodes the logo again), and a size cap bounds what inflating the pixels may cost.
 */
export const IMAGE_LIMITS = { minSide: 16, maxSide: 4000, maxPixels: 4_000_000 };

export const damaged = (zh: string, en: string): ImageCheck => ({ ok: false, problem: "DAMAGED", reason: { zh, en } });

export function dimensionsReason(width: number, height: number): ImageReason {
  const { minSide, maxSide, maxPixels } = IMAGE_LIMITS;
  return {
    zh: `宽和高应在 ${minSide} 到 ${maxSide} 像素之间，且不超过 ${maxPixels / 10_000} 万像素（此图为 ${width} × ${height}）`,
    en: `width and height must be from ${minSide} to ${maxSide} pixels and at most ${maxPixels / 1_000_000} megapixels in all (this one is ${width} × ${height})`,
  };
}

/**
 * Checked from the header alone, before any pixel is inflated: no side of zero, none too long, not
 * too many pixels. The smallest printable side is the upload's rule (`minSide`): a tiny logo already
 * stored still prints.
 */
export function checkDimensions(width: number, height: number): ImageCheck | null {
  const { maxSide, maxPixels } = IMAGE_LIMITS;
  if ([width, height].some((s) => s < 1 || s > maxSide) || width * height > maxPixels) {
    return { ok: false, problem: "DIMENSIONS", reason: dimensionsReason(width, height) };
  }
  return null;
}
