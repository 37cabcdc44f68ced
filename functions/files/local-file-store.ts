import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { mkdirSync } from "node:fs";
import { access, readFile, rename, unlink, writeFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { dirname, join, normalize } from "node:path";
import type { FileMeta, FileStore, UploadTicket } from "./file-store";

interface Ticket {
  /** Object key. */
  k: string;
  m: "PUT" | "GET";
  s?: number;
  h?: string;
  t?: string;
  n?: string;
  /** Expiry, epoch seconds. */
  e: number;
}

/**
 * Files in a local directory, with the upload and download URLs a pre-signed S3 request would give:
 * `/files/<ticket>`, where the ticket is HMAC-signed and carries the declared size, type and SHA-256.
 * The local HTTP server routes those URLs to `handle`.
 */
export class LocalFileStore implements FileStore {
  constructor(
    private readonly dir: string,
    private readonly secret: string,
    private readonly baseUrl: () => string,
    private onUploaded: (key: string) => Promise<void> = async () => {},
  ) {
    mkdirSync(dir, { recursive: true });
  }

  /** Set once the app that confirms uploads exists (it needs this store itself). */
  whenUploaded(callback: (key: string) => Promise<void>) {
    this.onUploaded = callback;
  }

  private path(key: string) {
    const p = normalize(join(this.dir, key));
    if (!p.startsWith(normalize(this.dir))) throw new Error("Invalid file key");
    return p;
  }

  private sign(t: Ticket) {
    const body = Buffer.from(JSON.stringify(t)).toString("base64url");
    return `${body}.${createHmac("sha256", this.secret).update(body).digest("base64url")}`;
  }

  private verify(token: string): Ticket | null {
    const [body, mac] = token.split(".");
    if (!body || !mac) return null;
    const expected = createHmac("sha256", this.secret).update(body).digest();
    const given = Buffer.from(mac, "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const t = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Ticket;
    return t.e * 1000 >= Date.now() ? t : null;
  }

  async uploadTicket(key: string, meta: FileMeta, expiresInSeconds: number): Promise<UploadTicket> {
    const e = Math.floor(Date.now() / 1000) + expiresInSeconds;
    const token = this.sign({ k: key, m: "PUT", s: meta.size, h: meta.sha256, t: meta.contentType, e });
    return { url: `${this.baseUrl()}/files/${token}`, method: "PUT", headers: { "content-type": meta.contentType }, expiresAt: new Date(e * 1000).toISOString() };
  }

  async downloadUrl(key: string, fileName: string, expiresInSeconds: number): Promise<string> {
    const e = Math.floor(Date.now() / 1000) + expiresInSeconds;
    return `${this.baseUrl()}/files/${this.sign({ k: key, m: "GET", n: fileName, e })}`;
  }

  async stat(key: string) {
    try {
      const meta = JSON.parse(await readFile(`${this.path(key)}.meta.json`, "utf8")) as FileMeta;
      return { size: meta.size, sha256: meta.sha256 };
    } catch {
      return null;
    }
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    const p = this.path(key);
    mkdirSync(dirname(p), { recursive: true });
    const meta: FileMeta = { contentType, size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") };
    await writeFile(`${p}.part`, bytes);
    await rename(`${p}.part`, p);
    await writeFile(`${p}.meta.json`, JSON.stringify(meta));
  }

  async get(key: string): Promise<Buffer | null> {
    return readFile(this.path(key)).catch(() => null);
  }

  /** PUT or GET /files/<ticket>: what S3 would do with a pre-signed URL. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Chinese first, then English, as the export link's pages: a front end may show the text as it is.
    const fail = (status: number, message: string) => res.writeHead(status, { "content-type": "text/plain; charset=utf-8" }).end(message);
    let token: string;
    try {
      token = decodeURIComponent((req.url ?? "").replace(/^\/files\//, "").split("?")[0]);
    } catch {
      // A mangled link (%E0%A4%A): S3 answers such a URL 400 too.
      return void fail(400, "链接格式有误。Malformed URL");
    }
    const ticket = this.verify(token);
    if (!ticket || ticket.m !== req.method) return void fail(403, "链接已过期或无效，请重新获取。Request has expired or is not signed for this");
    if (ticket.m === "GET") {
      const bytes = await this.get(ticket.k);
      const meta = await readFile(`${this.path(ticket.k)}.meta.json`, "utf8").then(JSON.parse).catch(() => null);
      if (!bytes) return void fail(404, "文件不存在。No such file");
      res.writeHead(200, {
        "content-type": meta?.contentType ?? "application/octet-stream",
        "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(ticket.n ?? "file")}`,
      });
      return void res.end(bytes);
    }
    if (req.headers["content-type"] !== ticket.t) return void fail(400, "上传的文件类型（Content-Type）与声明的不符。Content-Type differs from the declared one");
    // One upload per URL, as S3 does with the signed `If-None-Match: *`: the first PUT to claim the
    // key wins; a refused body gives the claim back so the right file can still follow.
    if (!(await this.claim(ticket.k))) return void fail(409, "此上传链接已使用过，请重新发起上传。This upload URL has already been used");
    const refuse = async (message: string) => {
      await unlink(`${this.path(ticket.k)}.claim`).catch(() => {});
      fail(400, message);
    };
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > (ticket.s ?? 0)) return void (await refuse("上传的内容大于声明的文件大小。Body is larger than the declared size"));
      chunks.push(chunk as Buffer);
    }
    const bytes = Buffer.concat(chunks);
    if (bytes.length !== ticket.s) return void (await refuse("上传的内容大小与声明的不符。Body size differs from the declared size"));
    if (createHash("sha256").update(bytes).digest("hex") !== ticket.h) return void (await refuse("上传内容的SHA-256与声明的不符。SHA-256 differs from the declared one"));
    await this.put(ticket.k, bytes, ticket.t as string);
    await this.onUploaded(ticket.k);
    res.writeHead(200).end();
  }

  /** Atomically takes the right to write a key that has no file yet; false when it is taken or written. */
  private async claim(key: string): Promise<boolean> {
    const p = this.path(key);
    mkdirSync(dirname(p), { recursive: true });
    try {
      await writeFile(`${p}.claim`, "", { flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw error;
    }
    const exists = await access(p).then(() => true, () => false);
    if (exists) await unlink(`${p}.claim`).catch(() => {});
    return !exists;
  }
}
