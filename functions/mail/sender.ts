import type { SESv2Client, SESv2ClientConfig } from "@aws-sdk/client-sesv2";

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
    private readonly clientConfig: SESv2ClientConfig = {},
    private readonly configurationSet?: string,
  ) {}

  static local(endpoint: string) {
    return new SesMailSender({ endpoint, region: "cn-north-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  }

  private client?: SESv2Client;

  /** The SDK is loaded on the first email, not in every Lambda's init (most requests send none). */
  private async ses() {
    const sdk = await import("@aws-sdk/client-sesv2");
    this.client ??= new sdk.SESv2Client(this.clientConfig);
    return { ses: this.client, SendEmailCommand: sdk.SendEmailCommand };
  }

  async send(m: MailMessage): Promise<string> {
    const { ses, SendEmailCommand } = await this.ses();
    const out = await ses.send(
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
    const { ses, SendEmailCommand } = await this.ses();
    const out = await ses.send(
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
