import { crc32, inflateSync } from "node:zlib";
import { checkDimensions, damaged, type ImageCheck } from "./check";

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Bit depths each colour type allows (PNG 11.2.2), and its samples per pixel. */
const COLOUR_TYPES: Record<number, { depths: number[]; channels: number }> = {
  0: { depths: [1, 2, 4, 8, 16], channels: 1 },
  2: { depths: [8, 16], channels: 3 },
  3: { depths: [1, 2, 4, 8], channels: 1 },
  4: { depths: [8, 16], channels: 2 },
  6: { depths: [8, 16], channels: 4 },
};

/** Adam7: each pass's first column and row and its steps. */
const ADAM7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]];

interface Header {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  interlace: number;
}

/** The scanlines the header promises: per (sub-)image, its row count and bytes per row with the filter byte. */
function scanlines(h: Header): { rows: number; rowBytes: number }[] {
  const bitsPerPixel = COLOUR_TYPES[h.colourType].channels * h.bitDepth;
  const image = (w: number, rows: number) => ({ rows, rowBytes: 1 + Math.ceil((w * bitsPerPixel) / 8) });
  if (!h.interlace) return [image(h.width, h.height)];
  return ADAM7.map(([x, y, dx, dy]) => image(Math.ceil(Math.max(0, h.width - x) / dx), Math.ceil(Math.max(0, h.height - y) / dy))).filter(
    (p) => p.rows > 0 && p.rowBytes > 1,
  );
}

function header(data: Buffer): Header | ImageCheck {
  if (data.length !== 13) return damaged("IHDR 长度不对", "its IHDR has the wrong length");
  const h = { width: data.readUInt32BE(0), height: data.readUInt32BE(4), bitDepth: data[8], colourType: data[9], interlace: data[12] };
  if (!COLOUR_TYPES[h.colourType]?.depths.includes(h.bitDepth) || data[10] !== 0 || data[11] !== 0 || h.interlace > 1) {
    return damaged("IHDR 中的颜色类型、位深或压缩方式无效", "its IHDR has an invalid colour type, bit depth or compression");
  }
  return checkDimensions(h.width, h.height) ?? h;
}

/**
 * Reads a PNG as a decoder would: every chunk whole and with its CRC, IHDR first, a palette where
 * the colour type needs one, the IDAT chunks together, IEND last; then inflates the pixels, never
 * past what the header promises (so a small file cannot inflate to gigabytes), and checks they fill
 * exactly the scanlines the header promises, each with a known filter.
 */
export function inspectPng(b: Buffer): ImageCheck {
  let h: Header | null = null;
  let palette = false;
  let idatClosed = false;
  const idat: Buffer[] = [];
  let at = PNG_SIGNATURE.length;
  for (;;) {
    if (at + 12 > b.length) return damaged("文件不完整（缺少结尾的 IEND）", "it is cut short (no IEND at the end)");
    const length = b.readUInt32BE(at);
    const type = b.toString("latin1", at + 4, at + 8);
    if (!/^[A-Za-z]{4}$/.test(type)) return damaged("数据块类型无效", "it has an invalid chunk type");
    if (at + 12 + length > b.length) return damaged(`文件不完整（${type} 数据块被截断）`, `it is cut short (in its ${type} chunk)`);
    const data = b.subarray(at + 8, at + 8 + length);
    if (crc32(b.subarray(at + 4, at + 8 + length)) !== b.readUInt32BE(at + 8 + length)) {
      return damaged(`${type} 数据块的校验和（CRC）不符`, `the CRC of its ${type} chunk is wrong`);
    }
    at += 12 + length;
    if (type === "IHDR") {
      if (h) return damaged("有两个 IHDR", "it has two IHDR chunks");
      const read = header(data);
      if ("ok" in read) return read;
      h = read;
      continue;
    }
    if (!h) return damaged("第一个数据块不是 IHDR", "its first chunk is not IHDR");
    if (idat.length && type !== "IDAT") idatClosed = true;
    if (type === "PLTE") {
      const entries = length / 3;
      if (palette || idat.length || h.colourType === 0 || h.colourType === 4 || !Number.isInteger(entries) || entries < 1 || entries > Math.min(256, 2 ** h.bitDepth)) {
        return damaged("调色板（PLTE）无效", "its palette (PLTE) is invalid");
      }
      palette = true;
    } else if (type === "IDAT") {
      if (idatClosed) return damaged("图像数据（IDAT）不连续", "its image data (IDAT) chunks are not together");
      idat.push(data);
    } else if (type === "IEND") {
      if (length || at !== b.length) return damaged("IEND 之后还有数据", "it has data after IEND");
      break;
    } else if (!(type.charCodeAt(0) & 0x20)) {
      return damaged(`含有无法识别的关键数据块 ${type}`, `it has an unknown critical chunk ${type}`);
    }
  }
  if (!h) return damaged("缺少 IHDR", "it has no IHDR");
  if (h.colourType === 3 && !palette) return damaged("调色板图像缺少调色板（PLTE）", "it is a palette image without its palette (PLTE)");
  if (!idat.length) return damaged("没有图像数据（IDAT）", "it has no image data (IDAT)");
  const lines = scanlines(h);
  const expected = lines.reduce((sum, p) => sum + p.rows * p.rowBytes, 0);
  const promised = `${h.width} × ${h.height}`;
  let pixels: Buffer;
  try {
    pixels = inflateSync(Buffer.concat(idat), { maxOutputLength: expected });
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
      return damaged(`图像数据解压后超过了 ${promised} 像素所需的大小`, `its pixels inflate to more than ${promised} pixels need`);
    }
    return damaged("图像数据（IDAT）已损坏，无法解压", "its image data (IDAT) is damaged and does not inflate");
  }
  if (pixels.length !== expected) return damaged(`图像数据不足 ${promised} 像素`, `its pixels do not fill the ${promised} its header promises`);
  let row = 0;
  for (const p of lines) {
    for (let i = 0; i < p.rows; i++, row += p.rowBytes) {
      if (pixels[row] > 4) return damaged("图像数据中有无效的行过滤类型", "its pixels have an invalid row filter type");
    }
  }
  return { ok: true, image: { contentType: "image/png", width: h.width, height: h.height } };
}
