import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, it } from "vitest";
import { DynamoClient } from "../../functions/store/dynamo";
import { signedHeaders } from "../../functions/store/dynamo/http";

const bytes = (d: string | ArrayBuffer | ArrayBufferView) =>
  typeof d === "string" ? d : d instanceof ArrayBuffer ? new Uint8Array(d) : new Uint8Array(d.buffer, d.byteOffset, d.byteLength);

/** node:crypto in the shape SignatureV4 takes (the SDK passes @aws-crypto's). */
class Sha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret ? createHmac("sha256", bytes(secret)) : createHash("sha256");
  }
  update(data: string | ArrayBuffer | ArrayBufferView) {
    this.hash.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

const credentials = { accessKeyId: "ASIAEXAMPLEKEY", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", sessionToken: "FQoGZXIvYXdzEXAMPLE//token+with/slashes=" };
const NOW = new Date("2026-12-01T05:06:07.089Z");
const BODY = JSON.stringify({ TableName: "sales", Key: { pk: { S: "CUSTOMER#1" }, sk: { S: "CUSTOMER" } }, ExpressionAttributeValues: { ":n": { S: "宁波捷锐" } } });

/** What the AWS SDK's own signer makes of the same request at the same instant. */
async function sdkAuthorization(region: string, headers: Record<string, string>) {
  const unsigned = Object.fromEntries(Object.entries(headers).filter(([k]) => !/^(authorization|x-amz-date|x-amz-security-token)$/i.test(k)));
  const signer = new SignatureV4({ service: "dynamodb", region, credentials, sha256: Sha256, applyChecksum: false });
  const signed = await signer.sign(
    { method: "POST", protocol: "https:", hostname: headers.Host, path: "/", query: {}, headers: unsigned, body: BODY },
    { signingDate: NOW },
  );
  return signed.headers.authorization;
}

describe("DynamoDB request signing (DynamoDB Local ignores signatures, so it is checked here)", () => {
  for (const [region, host] of [
    ["cn-north-1", "dynamodb.cn-north-1.amazonaws.com.cn"],
    ["cn-northwest-1", "dynamodb.cn-northwest-1.amazonaws.com.cn"],
    ["ap-southeast-1", "dynamodb.ap-southeast-1.amazonaws.com"],
  ]) {
    it(`signs a ${region} call as the AWS SDK does, session token included`, async () => {
      const client = new DynamoClient({ region });
      const conn = { ...client.connection, credentials: () => credentials };
      expect(conn.url.href).toBe(`https://${host}/`);
      const headers = signedHeaders(conn, "UpdateItem", BODY, NOW);
      expect(headers.Host).toBe(host);
      expect(headers["X-Amz-Target"]).toBe("DynamoDB_20120810.UpdateItem");
      expect(headers["Content-Type"]).toBe("application/x-amz-json-1.0");
      expect(headers["X-Amz-Date"]).toBe("20261201T050607Z");
      expect(headers["X-Amz-Security-Token"]).toBe(credentials.sessionToken);
      expect(headers.Authorization).toContain(`Credential=ASIAEXAMPLEKEY/20261201/${region}/dynamodb/aws4_request`);
      expect(headers.Authorization).toContain("x-amz-security-token");
      expect(headers.Authorization).toBe(await sdkAuthorization(region, headers));
    });
  }

  it("a different body, target or instant gives another signature (the comparison can fail)", async () => {
    const conn = { ...new DynamoClient({ region: "cn-north-1" }).connection, credentials: () => credentials };
    const headers = signedHeaders(conn, "UpdateItem", BODY, NOW);
    expect(signedHeaders(conn, "PutItem", BODY, NOW).Authorization).not.toBe(headers.Authorization);
    expect(signedHeaders(conn, "UpdateItem", `${BODY} `, NOW).Authorization).not.toBe(headers.Authorization);
    expect(signedHeaders(conn, "UpdateItem", BODY, new Date(NOW.getTime() + 1000)).Authorization).not.toBe(headers.Authorization);
  });

  it("reads the Lambda's credentials from its environment", async () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, { AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_SESSION_TOKEN: credentials.sessionToken });
      const headers = signedHeaders(new DynamoClient({ region: "cn-north-1" }).connection, "Query", BODY, NOW);
      expect(headers.Authorization).toBe(await sdkAuthorization("cn-north-1", headers));
    } finally {
      for (const k of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    }
  });
});
