import type { Kysely } from 'kysely';

/*
 * Venues by compliance band per desa and day (issue #17's open data): how many publicly listed venues (verified or
 * suspended, verified by the end of the day) stood in each band (green, yellow, red; grey: not scored yet) at the end
 * of each local day, under their desa. A band is a state, not an event: the counts are taken from the venues'
 * compliance score history (venue_compliance_scores, one row each time a score is stored) by the venues module's
 * band-days job, which writes each day from that history and so also fills the past (venues/venue-band-days.ts).
 * Only non-zero counts are stored.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('venue_band_daily_desa')
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('band', 'text', (c) => c.notNull())
    .addColumn('venues', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('venue_band_daily_desa_pk', ['region_code', 'day', 'band'])
    .execute();
  await db.schema.createIndex('venue_band_daily_desa_day_idx').on('venue_band_daily_desa').columns(['day', 'region_code']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('venue_band_daily_desa').execute();
}
