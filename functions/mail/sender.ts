import { SendEmailCommand, SESv2Client } from "@aws-sdk/client-sesv2";

export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
}

/** A whole MIME message (built with its attachments by the caller) and who it goes to. */
export interface RawMailMessage {
  from: string;
  to: string[];
  cc: string[];
  raw: Uint8Array;
}

/** Sends one email; returns the provider's message id. */
export interface MailSender {
  send(message: MailMessage): Promise<string>;
  sendRaw(message: RawMailMessage): Promise<string>;
}

/** SES (the v2 API): the real service in AWS, the aws-ses-v2-local emulator locally. */
export class SesMailSender implements MailSender {
  /** `configurationSet`: in AWS, the set whose delivery, bounce and complaint events reach the send; the emulator has none. */
  constructor(
    private readonly ses: SESv2Client = new SESv2Client({}),
    private readonly configurationSet?: string,
  ) {}

  static local(endpoint: string) {
    return new SesMailSender(new SESv2Client({ endpoint, region: "cn-north-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } }));
  }

  async send(m: MailMessage): Promise<string> {
    const out = await this.ses.send(
      new SendEmailCommand({
        FromEmailAddress: m.from,
        ConfigurationSetName: this.configurationSet,
        Destination: { ToAddresses: [m.to] },
        Content: {
          Simple: {
            Subject: { Data: m.subject, Charset: "UTF-8" },
            Body: { Html: { Data: m.html, Charset: "UTF-8" }, Text: { Data: m.text, Charset: "UTF-8" } },
          },
        },
      }),
    );
    return out.MessageId ?? "";
  }

  async sendRaw(m: RawMailMessage): Promise<string> {
    const out = await this.ses.send(
      new SendEmailCommand({
        FromEmailAddress: m.from,
        ConfigurationSetName: this.configurationSet,
        Destination: { ToAddresses: m.to, CcAddresses: m.cc },
        Content: { Raw: { Data: m.raw } },
      }),
    );
    return out.MessageId ?? "";
  }
}
