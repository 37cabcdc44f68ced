import { type Locale, localize } from "../text";
import type { Text } from "../text";
import type { UrlRefusal } from "./errors";

/**
 * Why an attempt failed, stored as a code (`disabled`, `deleted`, `timeout:<s>`, `refused:<reason>`)
 * and put in the reader's language when shown; a network error's own text (ECONNREFUSED …) as it is.
 * Older deliveries stored English sentences: those are read as the codes they stand for.
 */
export const DELIVERY_ERRORS = {
  disabled: "disabled",
  deleted: "deleted",
  timeout: (ms: number) => `timeout:${ms / 1000}`,
  refused: (reason: UrlRefusal) => `refused:${reason}`,
};

const LEGACY: Record<string, string> = { "webhook disabled": "disabled", "webhook deleted": "deleted" };

function textOf(code: string): Text | null {
  if (code === "disabled") return { zh: "Webhook 已停用，未发送。", en: "The webhook is disabled; not sent." };
  if (code === "deleted") return { zh: "Webhook 已删除，未发送。", en: "The webhook was deleted; not sent." };
  const timeout = /^(?:timeout:(\d+)|timed out after (\d+) s)$/.exec(code);
  if (timeout) {
    const s = timeout[1] ?? timeout[2];
    return { zh: `${s} 秒内没有应答。`, en: `No answer within ${s} s.` };
  }
  const refused = /^refused: ?(\w+)$/.exec(code);
  if (refused) return { zh: `地址被拒绝（${refused[1]}），未发送。`, en: `Address refused (${refused[1]}); not sent.` };
  return null;
}

export function deliveryErrorText(error: string | null | undefined, locale: Locale): string | null {
  if (!error) return null;
  const text = textOf(LEGACY[error] ?? error);
  return text ? localize(text, locale) : error;
}
