import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { printedSchema, SCHEMA_FILE } from "../../schema/print";

describe("schema/schema.graphql", () => {
  it("is the schema the server runs (run `npm run schema` after changing a type)", () => {
    expect(readFileSync(SCHEMA_FILE, "utf8")).toBe(printedSchema());
  });

  it("names the operations partner front ends code against", () => {
    const sdl = printedSchema();
    for (const op of ["me", "users", "customer", "customers", "node"]) expect(sdl).toMatch(new RegExp(`\\n  ${op}\\(|\\n  ${op}: `));
    for (const op of [
      "createUser",
      "updateUser",
      "reassignCustomers",
      "createCustomer",
      "updateCustomer",
      "logFollowUp",
      "addPrivateNote",
      "claimCustomer",
      "releaseCustomer",
    ]) {
      expect(sdl).toContain(`  ${op}(`);
    }
  });
});
