import type { Deps } from "./core/actor";
import { systemClock } from "./core/clock";
import { requireEnv } from "./env";
import { S3FileStore } from "./files/s3-file-store";
import { createStore } from "./store";
import { createDb } from "./store/client";

/** The dependencies as a Lambda (or the local runner) builds them from its environment, once. */
export function depsFromEnv(): Deps {
  const db = createDb({ table: requireEnv("TABLE_NAME"), endpoint: process.env.DYNAMODB_ENDPOINT });
  return { store: createStore(db), clock: systemClock, files: new S3FileStore(requireEnv("FILES_BUCKET")) };
}
