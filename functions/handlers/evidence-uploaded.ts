import type { S3Event } from "aws-lambda";
import type { Deps } from "../core/actor";
import { confirmUpload } from "../core/pipeline";
import { depsFromEnv } from "../deps";

/** S3 ObjectCreated events for evidence files: check each against what was declared, record it once. */
export function evidenceUploadedHandler(deps: Deps) {
  return async (event: S3Event) => {
    for (const record of event.Records) {
      // S3 event keys are URL-encoded, with spaces as "+".
      const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, " "));
      const status = await confirmUpload(deps, key);
      console.log(JSON.stringify({ msg: "evidence upload", key, status }));
    }
  };
}

export const handler = evidenceUploadedHandler(depsFromEnv());
