import { parseArgs } from "node:util";
import { loadOrCreateKeys, signToken } from "./auth";
import { findUser, localDeps } from "./bootstrap";
import { DATA_DIR } from "./config";
import { runningStackConfig } from "./stack-lock";

/** `npm run --silent token -- --user <id or email>`: a bearer token for the running local stack. */
async function main() {
  const { values } = parseArgs({ options: { user: { type: "string" }, ttl: { type: "string", default: "12h" } } });
  if (!values.user) throw new Error("Usage: npm run --silent token -- --user <userId or email>");
  const deps = await localDeps(runningStackConfig());
  const user = await findUser(deps, values.user);
  if (!user) throw new Error(`No user ${values.user} (is npm start running, and has npm run seed been run?)`);
  const keys = await loadOrCreateKeys(`${DATA_DIR}/local-jwt-key.json`);
  console.log(await signToken(keys, user.id, values.ttl));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
