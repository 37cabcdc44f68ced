import { VersionConflictError } from "./errors";

/**
 * For changes that do not depend on what the client last saw (a claim, a follow-up): when someone
 * else wrote first, read again and reapply, a few times, rather than refuse.
 */
export async function reapplyOnConflict<T>(apply: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await apply();
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= attempts) throw error;
    }
  }
}
