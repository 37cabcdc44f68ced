import { activityStore } from "./activities";
import type { Db } from "./client";
import { customerStore } from "./customers";
import { organizationStore } from "./organizations";
import { userStore } from "./users";

export function createStore(db: Db) {
  return {
    db,
    users: userStore(db),
    organizations: organizationStore(db),
    customers: customerStore(db),
    activities: activityStore(db),
  };
}

export type Store = ReturnType<typeof createStore>;
export { ConditionFailedError } from "./transact";
export { InvalidCursorError, type Page } from "./page";
