import type { Page } from "../../store";
import type { Actor } from "../actor";
import { ForbiddenError } from "../errors";
import { isOrgWide } from "../user/model";
import type { ExportRecord } from "./model";

/**
 * ADMIN and GM: every export of the organization, newest first (who, what, under which filter, how
 * many rows, whether and from where the file was fetched), read from its own index partition.
 */
export async function dataExports(actor: Actor, page: { first: number; after: string | null }): Promise<Page<ExportRecord>> {
  if (!isOrgWide(actor.viewer)) throw new ForbiddenError();
  return actor.deps.store.exports.page(actor.viewer.orgId, page);
}
