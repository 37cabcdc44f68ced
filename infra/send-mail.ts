import { ArnFormat, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type { Construct } from "constructs";

/**
 * Sending email as the one sender only: the verified identity (the address, or its domain when the
 * domain is what is verified) and the configuration set, from that address and nothing else. SES
 * authorizes SendEmail on the identity and, when a message names one, on the configuration set.
 * (In the SES sandbox recipients are identities too: production access is assumed.)
 */
export function sendMailStatement(scope: Construct, mailFrom: string, configurationSetName: string, actions = ["ses:SendEmail"]) {
  const stack = Stack.of(scope);
  const ses = (resource: string, resourceName: string) =>
    stack.formatArn({ service: "ses", resource, resourceName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
  const domain = mailFrom.split("@")[1];
  return new iam.PolicyStatement({
    actions,
    resources: [ses("identity", mailFrom), ...(domain ? [ses("identity", domain)] : []), ses("configuration-set", configurationSetName)],
    conditions: { StringEquals: { "ses:FromAddress": mailFrom } },
  });
}
