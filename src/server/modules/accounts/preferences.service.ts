import type { Db } from '../../db/kysely.js';
import type { Clock } from '../../shared/clock.js';
import { problems } from '../../shared/errors.js';
import type { Language } from '../../shared/language.js';
import type { RequestContext } from '../../shared/request-context.js';
import { recordAudit } from '../audit/index.js';
import { isWithinRegion } from '../regions/index.js';
import { enabledHoldersOf, languagesOf, upsertLanguage } from './accounts.repository.js';
import type { Role } from './permissions.js';

const asLanguage = (value: string | undefined): Language => (value === 'en' ? 'en' : 'id');

/*
 * An account's language (issue #18): what its notifications are written in. Other modules find whom to tell through
 * here: the enabled holders of a role whose region covers the event's, each with their language.
 */
export function createPreferencesService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  return {
    async myLanguage(ctx: RequestContext): Promise<Language> {
      if (!ctx.principal) throw problems.unauthenticated();
      return asLanguage((await languagesOf(db, [ctx.principal.userId])).get(ctx.principal.userId));
    },

    /** Sets the caller's own language. Audited. */
    async setMyLanguage(ctx: RequestContext, language: Language): Promise<{ language: Language }> {
      if (!ctx.principal) throw problems.unauthenticated();
      const principal = ctx.principal;
      await db.transaction().execute(async (trx) => {
        await upsertLanguage(trx, principal.userId, language, clock.now());
        await recordAudit(trx, clock, ctx, { action: 'user.language', entityType: 'user', entityId: principal.userId, details: { language } });
      });
      return { language };
    },

    /** Each account's language (Indonesian when none was set). `trx`: the caller's transaction. */
    async languagesOf(trx: Db, userIds: readonly string[]): Promise<Map<string, Language>> {
      const set = await languagesOf(trx, userIds);
      return new Map(userIds.map((id) => [id, asLanguage(set.get(id))]));
    },

    /** The enabled accounts holding one of `roles` in a region that covers one of `regionCodes`, with their language. */
    async holdersCovering(trx: Db, roles: readonly Role[], regionCodes: readonly string[]): Promise<{ userId: string; lang: Language }[]> {
      const holders = await enabledHoldersOf(trx, roles);
      const ids = [...new Set(holders.filter((h) => regionCodes.some((code) => isWithinRegion(code, h.region_code))).map((h) => h.user_id))];
      const langs = await this.languagesOf(trx, ids);
      return ids.map((userId) => ({ userId, lang: langs.get(userId) ?? 'id' }));
    },
  };
}
