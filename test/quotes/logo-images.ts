import { deflateSync } from "node:zlib";

/** Logo files built byte by byte as the formats specify: good ones, and the broken ones a tester sent. */

function crc32(bytes: Buffer): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([head, body, crc]);
}

export interface PngShape {
  width: number;
  height: number;
  bitDepth?: number;
  colourType?: number;
  interlace?: 0 | 1;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** The bytes of the filtered scanlines the IHDR promises (Adam7 passes when interlaced), all filter 0. */
export function rawSize({ width, height, bitDepth = 8, colourType = 2, interlace = 0 }: PngShape): number {
  const rowBytes = (w: number) => (w ? 1 + Math.ceil((w * CHANNELS[colourType] * bitDepth) / 8) : 0);
  if (!interlace) return height * rowBytes(width);
  const passes = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]];
  return passes.reduce((sum, [x, y, dx, dy]) => {
    const [w, h] = [Math.ceil(Math.max(0, width - x) / dx), Math.ceil(Math.max(0, height - y) / dy)];
    return sum + (w && h ? h * rowBytes(w) : 0);
  }, 0);
}

/** A PNG built byte by byte as the format specifies: `raw` is the scanlines (zeros by default), `palette` a PLTE. */
export function pngOf(shape: PngShape, opts: { raw?: Buffer; palette?: Buffer; extra?: Buffer[] } = {}): Buffer {
  const { width, height, bitDepth = 8, colourType = 2, interlace = 0 } = shape;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([bitDepth, colourType, 0, 0, interlace], 8);
  const raw = opts.raw ?? Buffer.alloc(rawSize(shape));
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk("IHDR", ihdr),
    ...(opts.palette ? [chunk("PLTE", opts.palette)] : []),
    ...(opts.extra ?? []),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A solid-colour RGB PNG of the given size. */
export function png(width: number, height: number): Buffer {
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, Buffer.from([0x1f, 0x4e, 0x79]))]);
  return pngOf({ width, height }, { raw: Buffer.concat(Array.from({ length: height }, () => row)) });
}

/** A 16 × 16 grey baseline JPEG: one Huffman code each for "no DC change" and "end of block". */
export function jpeg(): Buffer {
  const segment = (marker: number, data: number[]) => [0xff, marker, (data.length + 2) >> 8, (data.length + 2) & 0xff, ...data];
  return Buffer.from([
    0xff, 0xd8,
    ...segment(0xdb, [0, ...Array(64).fill(1)]),
    ...segment(0xc0, [8, 0, 16, 0, 16, 1, 1, 0x11, 0]),
    ...segment(0xc4, [0x00, 1, ...Array(15).fill(0), 0]),
    ...segment(0xc4, [0x10, 1, ...Array(15).fill(0), 0]),
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]),
    0x00,
    0xff, 0xd9,
  ]);
}

/** The tester's 23-byte "JPEG": SOI, a frame header saying 100 × 50, EOI; no tables, no scan. */
export const headerOnlyJpeg = () => Buffer.from([0xff, 0xd8, 0xff, 0xc0, 0, 17, 8, 0, 50, 0, 100, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 0xff, 0xd9]);
