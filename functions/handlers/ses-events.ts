import type { SNSEvent } from "aws-lambda";
import type { Deps } from "../core/actor";
import { applySesEvent } from "../core/quote-delivery";
import { depsFromEnv } from "../deps";
import { applySesEventToStaffEmail } from "../core/delivery-problems";

/** SES's delivery, bounce and complaint events of the configuration set, through its SNS topic: quote sends and staff emails. */
export function sesEventsHandler(deps: Deps) {
  return async (event: SNSEvent) => {
    for (const record of event.Records) {
      const message = JSON.parse(record.Sns.Message);
      // A quote sent to a customer, else one of the emails to our own people.
      const send = await applySesEvent(deps, message);
      const email = send ? null : await applySesEventToStaffEmail(deps, message);
      console.log(JSON.stringify({ msg: "ses event", eventType: message.eventType ?? message.notificationType, messageId: message.mail?.messageId, sendId: send?.id ?? null, emailId: email?.id ?? null, status: send?.status ?? null }));
    }
  };
}

export const handler = sesEventsHandler(depsFromEnv());
