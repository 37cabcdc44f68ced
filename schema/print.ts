import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { printSchema } from "graphql";
import { schema } from "./index";

/** `npm run schema`: prints the contract partner front ends code against; a test fails when it is stale. */
export const SCHEMA_FILE = fileURLToPath(new URL("./schema.graphql", import.meta.url));
export const printedSchema = () => `${printSchema(schema)}\n`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_FILE, printedSchema());
  console.log(`wrote ${SCHEMA_FILE}`);
}
