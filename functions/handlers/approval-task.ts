import type { ApprovalTaskInput } from "../core/approval/tasks";
import { runApprovalTask } from "../core/approval/tasks";
import { depsFromEnv } from "../deps";

const deps = depsFromEnv();

/** The approval state machine's Task states (load, await with the task token, escalate, finish). */
export const handler = async (event: ApprovalTaskInput) => (await runApprovalTask(deps, event)) ?? null;
