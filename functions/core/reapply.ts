import { VersionConflictError } from "./errors";

/**
 * For changes that do not depend on what the client last saw (a claim, a follow-up, a payment):
 * when someone else wrote first, read again and reapply rather than refuse. Several people may
 * change one record at once (five follow-ups on a customer, finance booking payments of one
 * contract), so up to ten tries, a little apart and jittered so they do not collide again.
 * `when` narrows which conflicts are reapplied.
 */
export async function reapplyOnConflict<T>(apply: () => Promise<T>, opts: { attempts?: number; when?: (e: VersionConflictError) => boolean } = {}): Promise<T> {
  const { attempts = 10, when = () => true } = opts;
  for (let attempt = 1; ; attempt++) {
    try {
      return await apply();
    } catch (error) {
      if (!(error instanceof VersionConflictError) || !when(error) || attempt >= attempts) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
    }
  }
}
