import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { lexicographicSortSchema, printSchema } from "graphql";
import { schema } from "./index";

/** `npm run schema`: prints the contract partner front ends code against; a test fails when it is stale. */
export const SCHEMA_FILE = fileURLToPath(new URL("./schema.graphql", import.meta.url));
/** Sorted for people and diffs; the server itself keeps the build order (sorting rebuilds the whole schema: about a third of the Lambda's init). */
export const printedSchema = () => `${printSchema(lexicographicSortSchema(schema))}\n`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_FILE, printedSchema());
  console.log(`wrote ${SCHEMA_FILE}`);
}
