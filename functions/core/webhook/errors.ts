import { DomainError } from "../errors";

export const URL_REFUSALS = ["NOT_HTTPS", "FORBIDDEN_ADDRESS", "UNRESOLVABLE", "INVALID_URL"] as const;
export type UrlRefusal = (typeof URL_REFUSALS)[number];

const TEXTS: Record<UrlRefusal, { zh: string; en: string }> = {
  NOT_HTTPS: { zh: "Webhook 地址必须使用 https。", en: "A webhook URL must use https." },
  FORBIDDEN_ADDRESS: {
    zh: "Webhook 地址不能指向内网、本机、链路本地或云元数据地址。",
    en: "A webhook URL may not point to a private, loopback, link-local or cloud metadata address.",
  },
  UNRESOLVABLE: { zh: "Webhook 地址的域名无法解析。", en: "The webhook URL's host name does not resolve." },
  INVALID_URL: { zh: "Webhook 地址格式有误（须为 http(s)://主机/路径，且不含用户名密码）。", en: "The webhook URL is not valid (http(s)://host/path, without a user name or password)." },
};

/** The endpoint may not be called: checked when it is registered or changed, and again before each delivery. */
export class WebhookUrlRefusedError extends DomainError {
  constructor(readonly reason: UrlRefusal, readonly url: string) {
    super(TEXTS[reason]);
    this.name = "WebhookUrlRefusedError";
  }
}

/** A replay of a delivery whose endpoint is gone or turned off. */
export class WebhookDisabledError extends DomainError {
  constructor() {
    super({ zh: "该 Webhook 已停用，请先启用再重发。", en: "This webhook is disabled; enable it before replaying." });
    this.name = "WebhookDisabledError";
  }
}

/** The organization already has an endpoint with this URL: a second one would send the partner every event twice. */
export class WebhookUrlTakenError extends DomainError {
  constructor() {
    super({ zh: "该地址已注册为本组织的 Webhook，请修改已有的 Webhook。", en: "This URL is already registered as one of the organization's webhooks; change that one instead." });
    this.name = "WebhookUrlTakenError";
  }
}
