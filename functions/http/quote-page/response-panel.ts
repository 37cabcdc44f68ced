import { escapeHtml, pick } from "../../core/format";
import type { ResponseState } from "../../core/quote-response";
import type { Locale } from "../../core/text";

/** Why a revision can no longer be accepted, as the customer reads it. */
export function closedText(l: Locale, state: Extract<ResponseState, { kind: "CLOSED" }>): string {
  switch (state.reason) {
    case "EXPIRED":
      return pick(l, `本报价的有效期已于${state.validUntil ?? "-"}截止，不能再接受。如需继续采购，请提出修改意见，我们将为您更新报价。`, `This quote was valid until ${state.validUntil ?? "-"} and can no longer be accepted. To go ahead, ask for changes and we will send you an updated quote.`);
    case "SUPERSEDED":
      return pick(l, "报价正在修订，此版本不能再接受。请联系销售代表获取最新报价；您仍可在下方提出修改意见。", "This quote is being revised, so this revision can no longer be accepted. Please contact our sales representative for the current quote; you may still ask for changes below.");
    case "WITHDRAWN":
      return pick(l, "本报价已被撤回，不能再接受。如有疑问，请联系我们的销售代表。", "This quote has been withdrawn and can no longer be accepted. Please contact our sales representative with any questions.");
    case "LOST":
      return pick(l, "本项目已关闭，该报价不再有效。如有需要，请联系我们的销售代表。", "This deal has been closed and the quote no longer stands. Please contact our sales representative if you need anything.");
    case "WON":
      return pick(l, "本项目已签约，此报价不再接受在线确认。如有需要，请联系我们的销售代表。", "A contract has been signed for this deal, so this quote can no longer be accepted online. Please contact our sales representative if you need anything.");
  }
}

// Relative to the page (/q/{link}), so the forms post to /q/{link}/… behind any path prefix.
const action = (viewId: string, what: "accept" | "changes") => escapeHtml(`${encodeURIComponent(viewId)}/${what}`);

function acceptForm(l: Locale, viewId: string): string {
  return `<form class="response-form response-accept" method="post" action="${action(viewId, "accept")}">
<h3>${pick(l, "接受报价", "Accept the quote")}</h3>
<p><label>${pick(l, "姓名", "Name")}<br><input type="text" name="name" required maxlength="50" autocomplete="name"></label></p>
<p><label>${pick(l, "职务", "Title")}<br><input type="text" name="title" required maxlength="50" autocomplete="organization-title"></label></p>
<p><label>${pick(l, "备注（选填）", "Comment (optional)")}<br><textarea name="comment" maxlength="2000" rows="3"></textarea></label></p>
<p class="response-note">${pick(l, "点击“接受报价”，即表示贵方接受本版报价的内容与价格。", "By pressing “Accept the quote” you accept this revision of the quote, its contents and prices.")}</p>
<p><button type="submit">${pick(l, "接受报价", "Accept the quote")}</button></p>
</form>`;
}

function changesForm(l: Locale, viewId: string): string {
  return `<form class="response-form response-changes" method="post" action="${action(viewId, "changes")}">
<h3>${pick(l, "提出修改意见", "Ask for changes")}</h3>
<p><label>${pick(l, "修改意见", "What should change")}<br><textarea name="comment" required maxlength="2000" rows="4"></textarea></label></p>
<p><button type="submit">${pick(l, "提交修改意见", "Send the request")}</button></p>
</form>`;
}

/** HTML (a fragment) with the two forms, or what stands instead when the quote can no longer be answered. Plain HTML, no script. */
export function responsePanelHtml(state: ResponseState, locale: Locale, viewId: string): string {
  const l = locale;
  // The page puts this inside its own section (#respond).
  const section = (body: string) => `<div class="response-panel">\n${body}\n</div>`;
  const message = (kind: string, text: string) => `<p class="response-state response-${kind}" role="status">${escapeHtml(text)}</p>`;
  switch (state.kind) {
    case "ACCEPTED": {
      const who = state.title ? pick(l, `${state.name}（${state.title}）`, `${state.name} (${state.title})`) : state.name;
      return section(message("accepted", pick(l, `本报价已于${state.acceptedAtLocal}由${who}接受。感谢您的信任，我们的销售代表将尽快与您联系合同事宜。`, `This quote was accepted by ${who} on ${state.acceptedAtLocal}. Thank you; our sales representative will contact you about the contract shortly.`)));
    }
    case "CHANGES_REQUESTED":
      return section(
        [
          message("changes-requested", pick(l, `您已于${state.requestedAtLocal}提出修改意见，我们的销售代表会尽快答复。您也可以补充意见，或接受本报价。`, `You asked for changes on ${state.requestedAtLocal}; our sales representative will reply shortly. You may add to your request, or accept this quote.`)),
          acceptForm(l, viewId),
          changesForm(l, viewId),
        ].join("\n"),
      );
    case "CLOSED":
      return section([message(`closed response-${state.reason.toLowerCase()}`, closedText(l, state)), ...(state.reason === "EXPIRED" || state.reason === "SUPERSEDED" ? [changesForm(l, viewId)] : [])].join("\n"));
    case "OPEN":
      return section([`<h2>${pick(l, "答复本报价", "Your answer")}</h2>`, acceptForm(l, viewId), changesForm(l, viewId)].join("\n"));
  }
}
