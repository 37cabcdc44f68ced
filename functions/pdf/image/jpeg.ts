import { checkDimensions, damaged, type ImageCheck } from "./check";

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const DQT = 0xdb;
const DHT = 0xc4;
/** Start of frame: all of 0xC0–0xCF but DHT, JPG and DAC. */
const isFrame = (m: number) => m >= 0xc0 && m <= 0xcf && m !== DHT && m !== 0xc8 && m !== 0xcc;
/** Baseline, extended sequential and progressive Huffman: what a PDF's DCTDecode reads everywhere. */
const PRINTABLE_FRAMES = [0xc0, 0xc1, 0xc2];
const isRestart = (m: number) => m >= 0xd0 && m <= 0xd7;

/**
 * Walks a JPEG's markers as a decoder would: one frame (baseline or progressive, 8-bit, 1, 3 or 4
 * components) with sane dimensions, quantization and Huffman tables, at least one scan carrying
 * entropy-coded data, and EOI. Bytes after EOI are ignored, as decoders do.
 */
export function inspectJpeg(b: Buffer): ImageCheck {
  let frame: { width: number; height: number; components: number[] } | null = null;
  let quantization = false;
  let huffman = false;
  let scans = 0;
  let at = 2;
  for (;;) {
    if (at + 2 > b.length) return damaged("文件不完整（缺少结尾的 EOI 标记）", "it is cut short (no EOI marker at the end)");
    if (b[at] !== 0xff) return damaged("标记段之间有多余的数据", "it has stray bytes between its markers");
    while (b[at + 1] === 0xff && at + 2 < b.length) at++; // fill bytes
    const marker = b[at + 1];
    at += 2;
    if (marker === EOI) break;
    if (marker === SOI || isRestart(marker)) return damaged("标记出现在不该出现的位置", "it has a marker out of place");
    if (marker === 0x01) continue; // TEM: no segment
    if (at + 2 > b.length) return damaged("文件不完整", "it is cut short");
    const length = b.readUInt16BE(at);
    if (length < 2 || at + length > b.length) return damaged("文件不完整（标记段被截断）", "it is cut short (in a marker segment)");
    const seg = b.subarray(at + 2, at + length);
    at += length;
    if (isFrame(marker)) {
      if (frame) return damaged("含有多个图像帧", "it has more than one frame");
      if (!PRINTABLE_FRAMES.includes(marker)) return damaged("只支持基线或渐进式 JPEG（不支持无损、分层或算术编码）", "only baseline or progressive JPEG is supported (not lossless, hierarchical or arithmetic)");
      const count = seg.length >= 6 ? seg[5] : 0;
      if (seg[0] !== 8 || ![1, 3, 4].includes(count) || seg.length !== 6 + 3 * count) {
        return damaged("图像帧（SOF）无效：应为 8 位、1、3 或 4 个颜色分量", "its frame (SOF) is invalid: it must be 8-bit with 1, 3 or 4 components");
      }
      const components = Array.from({ length: count }, (_, i) => seg[6 + 3 * i]);
      const sampling = Array.from({ length: count }, (_, i) => seg[7 + 3 * i]);
      if (sampling.some((s) => s >> 4 < 1 || s >> 4 > 4 || (s & 15) < 1 || (s & 15) > 4)) return damaged("图像帧（SOF）的采样因子无效", "its frame (SOF) has invalid sampling factors");
      frame = { height: seg.readUInt16BE(1), width: seg.readUInt16BE(3), components };
      const size = checkDimensions(frame.width, frame.height);
      if (size) return size;
    } else if (marker === DQT) {
      quantization = true;
    } else if (marker === DHT) {
      huffman = true;
    } else if (marker === SOS) {
      if (!frame) return damaged("扫描段（SOS）出现在图像帧（SOF）之前", "its scan (SOS) comes before its frame (SOF)");
      const count = seg[0];
      if (count < 1 || count > 4 || seg.length !== 4 + 2 * count || !Array.from({ length: count }, (_, i) => seg[1 + 2 * i]).every((id) => frame?.components.includes(id))) {
        return damaged("扫描段（SOS）无效", "its scan header (SOS) is invalid");
      }
      // Entropy-coded data runs to the next marker; 0xFF00 is a stuffed byte and restarts stay inside.
      const start = at;
      while (at < b.length && !(b[at] === 0xff && at + 1 < b.length && b[at + 1] !== 0x00 && !isRestart(b[at + 1]))) at++;
      if (at === start) return damaged("扫描段（SOS）之后没有图像数据", "its scan (SOS) carries no image data");
      scans++;
    }
  }
  if (!frame) return damaged("缺少图像帧（SOF）", "it has no frame (SOF)");
  if (!scans) return damaged("只有文件头，没有图像数据（SOS）", "it is a header only, with no image data (SOS)");
  if (!quantization || !huffman) return damaged("缺少量化表或霍夫曼表", "it has no quantization or Huffman tables");
  return { ok: true, image: { contentType: "image/jpeg", width: frame.width, height: frame.height } };
}
